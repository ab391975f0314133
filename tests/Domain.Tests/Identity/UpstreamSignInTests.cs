using System.Security.Claims;
using Shuangsuiji.Identity.Accounts;
using Shuangsuiji.ServiceDefaults.Departments;
using Shuangsuiji.Identity.SignIn;
using Shuangsuiji.Kernel;
using Shuangsuiji.ServiceDefaults.EventStore;

namespace Shuangsuiji.Domain.Tests.Identity;

public sealed class UpstreamSignInTests
{
    private const string Provider = "https://login.hebei.example/";
    private static readonly KnownDepartment Amr = new("130302-AMR", "海港区市场监管局", "county", "130302", null, false, false, 1);
    private static readonly KnownDepartment Office = new("130300-OFFICE", "秦皇岛市双随机办", "city", "130300", null, true, false, 1);

    private static UpstreamPerson Person(string department = "130302-AMR", params string[] roles) =>
        new(Provider, "hb-0001", "wangfang", "王芳", department, roles.Length == 0 ? [Roles.Staff] : roles);

    private static Account Linked(params string[] roles) => Given.State<Account>(
        new UpstreamAccountCreated("wangfang", "王芳", Amr.Id, roles, Provider, "hb-0001", Given.As(Amr.Id).Caller, Given.Now));

    [Fact]
    public void The_first_sign_in_makes_an_account_linked_to_the_persons_subject_with_no_password_and_no_second_factor()
    {
        var step = AccountDecider.Upstream(null, Amr, Person(roles: [Roles.Reviewer]), Given.As(Amr.Id));
        Assert.Equal(SignInNext.SignedIn, step.Next);
        var created = Assert.IsType<UpstreamAccountCreated>(step.Events[0]);
        Assert.Equal(("wangfang", Amr.Id, Provider, "hb-0001"), (created.Username, created.DepartmentId, created.Provider, created.Subject));
        var account = Given.State<Account>([.. step.Events]);
        Assert.Equal("", account.PasswordHash);
        Assert.False(account.MustChangePassword);
        var signedIn = Assert.IsType<UpstreamSignedIn>(step.Events[1]);
        Assert.Equal([Roles.Reviewer], signedIn.Roles);
    }

    [Fact]
    public void Later_sign_ins_take_the_providers_roles_as_a_change_of_roles_and_nothing_more_when_they_are_the_same()
    {
        var changed = AccountDecider.Upstream(Linked(Roles.Staff), Amr, Person(roles: [Roles.Staff, Roles.Reviewer]), Given.As(Amr.Id));
        Assert.Equal([Roles.Reviewer, Roles.Staff], Assert.IsType<RolesChanged>(changed.Events[0]).Roles.Order());
        Assert.IsType<UpstreamSignedIn>(changed.Events[1]);
        Assert.IsType<UpstreamSignedIn>(Assert.Single(AccountDecider.Upstream(Linked(Roles.Staff), Amr, Person(), Given.As(Amr.Id)).Events));
    }

    [Fact]
    public void An_unknown_department_a_supervisor_outside_an_office_an_unlinked_account_or_another_department_is_refused()
    {
        Assert.Equal("DEPARTMENT_NOT_KNOWN", Assert.Throws<InvalidFieldException>(() =>
            AccountDecider.Upstream(null, null, Person("139999-NOWHERE"), Given.As(Amr.Id))).Reason.Code);
        Assert.Equal("SUPERVISOR_OF_OFFICE_ONLY", Assert.Throws<InvalidFieldException>(() =>
            AccountDecider.Upstream(null, Amr, Person(roles: [Roles.Supervisor]), Given.As(Amr.Id))).Reason.Code);
        Assert.Equal(SignInNext.SignedIn, AccountDecider.Upstream(null, Office, Person(Office.Id, Roles.Supervisor), Given.As(Office.Id)).Next);
        var local = Given.State<Account>(new AccountCreated("wangfang", "王芳", Amr.Id, [Roles.Staff], "hash", Given.As(Amr.Id).Caller, Given.Now));
        Assert.Equal("ACCOUNT_EXISTS", Assert.Throws<AlreadyExistsException>(() => AccountDecider.Upstream(local, Amr, Person(), Given.As(Amr.Id))).Reason.Code);
        Assert.Equal("UPSTREAM_DEPARTMENT_CHANGED", Assert.Throws<RuleViolationException>(() =>
            AccountDecider.Upstream(Linked(Roles.Staff), Office, Person(Office.Id), Given.As(Amr.Id))).Reason.Code);
        var disabled = Aggregate.Fold(Linked(Roles.Staff), [new AccountDisabled("wangfang", "离职", Given.As(Amr.Id, "admin").Caller, Given.Now)])!;
        Assert.Equal(SignInFailure.Disabled, AccountDecider.Upstream(disabled, Amr, Person(), Given.As(Amr.Id)).Failure);
    }

    [Fact]
    public void The_claims_map_to_the_platforms_department_and_roles_through_the_settings()
    {
        var options = new UpstreamOptions
        {
            Authority = Provider, DepartmentClaim = "org", RolesClaim = "groups", RoleMap = { ["审核岗"] = Roles.Reviewer, ["录入岗"] = Roles.Staff },
        };
        var principal = new ClaimsPrincipal(new ClaimsIdentity([
            new Claim("sub", "hb-0001"), new Claim("preferred_username", "wangfang"), new Claim("name", "王芳"), new Claim("org", Amr.Id),
            new Claim("groups", "审核岗,录入岗"), new Claim("groups", "admin"),
        ]));
        var person = UpstreamSignIn.Person(principal, options);
        Assert.Equal((Provider, "hb-0001", "wangfang", "王芳", Amr.Id), (person.Provider, person.Subject, person.Username, person.DisplayName, person.DepartmentId));
        Assert.Equal([Roles.Reviewer, Roles.Staff, "admin"], person.Roles);
    }
}
