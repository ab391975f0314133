using Shuangsuiji.Identity.Accounts;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests.Identity;

/// <summary>Security keys (WebAuthn) as a second factor: the sign count, the second-factor rule with a key, registration and removal.</summary>
public sealed class SecurityKeyTests
{
    private const string Department = "130302-AMR";
    private static readonly Caller Person = Given.As(Department).Caller;
    private static readonly NewSecurityKey Key = new("Y3JlZC0x", "cHVibGljLWtleQ", 0, Guid.Empty);

    /// <summary>An account that set its password; with these roles, and the events that follow.</summary>
    private static Account Account(string[] roles, params object[] more) => Given.State<Account>(
        [new AccountCreated("zhangming", "张明", Department, roles, "hash", Person, Given.Now), new PasswordChanged("zhangming", "hash", Person, Given.Now), .. more]);

    private static SecurityKeyRegistered Registered(string id = "Y3JlZC0x", uint count = 0) => new("zhangming", id, "cHVibGljLWtleQ", count, "U 盾", Guid.Empty, Person, Given.Now);

    private static bool Matches(string hash, string password) => password == "Right-password-1";

    [Theory]
    [InlineData(0u, 1u, true)]
    [InlineData(5u, 6u, true)]
    [InlineData(0u, 0u, true)] // a key that does not count (many passkeys)
    [InlineData(5u, 5u, false)]
    [InlineData(5u, 3u, false)]
    [InlineData(5u, 0u, false)] // a key that counted does not go back to zero
    public void The_sign_count_must_advance_unless_the_key_never_counts(uint stored, uint presented, bool advances) =>
        Assert.Equal(advances, AccountDecider.SignCountAdvances(stored, presented));

    [Fact]
    public void A_key_satisfies_the_second_factor_rule_of_a_reviewer_without_totp_and_a_staff_member_with_a_key_is_asked_for_it()
    {
        Assert.Equal(SignInNext.EnrollSecondFactor, AccountDecider.Password(Account([Roles.Reviewer]), "Right-password-1", Matches, Given.As(Department)).Next);
        Assert.Equal(SignInNext.SecondFactor, AccountDecider.Password(Account([Roles.Reviewer], Registered()), "Right-password-1", Matches, Given.As(Department)).Next);
        Assert.Equal(SignInNext.SignedIn, AccountDecider.Password(Account([Roles.Staff]), "Right-password-1", Matches, Given.As(Department)).Next);
        Assert.Equal(SignInNext.SecondFactor, AccountDecider.Password(Account([Roles.Staff], Registered()), "Right-password-1", Matches, Given.As(Department)).Next);
    }

    [Fact]
    public void A_key_signs_in_with_an_advancing_count_which_the_account_keeps()
    {
        var step = AccountDecider.SecurityKey(Account([Roles.Reviewer], Registered(count: 3)), new VerifiedAssertion("Y3JlZC0x", 4), Given.As(Department));
        Assert.Equal(SignInNext.SignedIn, step.Next);
        Assert.Equal("password+security_key", Assert.IsType<SignedIn>(step.Events[1]).Method);
        var after = Account([Roles.Reviewer], [Registered(count: 3), .. step.Events]);
        Assert.Equal(4u, Assert.Single(after.SecurityKeys).SignCount);
    }

    [Fact]
    public void A_count_that_does_not_advance_is_refused_as_a_cloned_key_which_is_not_accepted_again()
    {
        var account = Account([Roles.Reviewer], Registered(count: 7));
        var step = AccountDecider.SecurityKey(account, new VerifiedAssertion("Y3JlZC0x", 2), Given.As(Department));
        Assert.Equal((SignInNext.Failed, SignInFailure.ClonedKey), (step.Next, step.Failure));
        var detected = Assert.IsType<SecurityKeyCloneDetected>(step.Events[0]);
        Assert.Equal((7u, 2u), (detected.StoredSignCount, detected.PresentedSignCount));
        var after = Account([Roles.Reviewer], [Registered(count: 7), .. step.Events]);
        Assert.True(Assert.Single(after.SecurityKeys).CloneDetected);
        Assert.Empty(after.UsableKeys());
        Assert.Equal(0, after.FailedAttempts); // the password was right: no step towards the lockout
        // Even a higher count is refused now: either of the two may be the copy.
        var again = AccountDecider.SecurityKey(after, new VerifiedAssertion("Y3JlZC0x", 9), Given.As(Department));
        Assert.Equal(SignInFailure.ClonedKey, again.Failure);
        Assert.IsType<SignInFailed>(Assert.Single(again.Events));
    }

    [Fact]
    public void A_signature_that_did_not_verify_counts_towards_the_lockout()
    {
        var step = AccountDecider.SecurityKey(Account([Roles.Reviewer], Registered()), null, Given.As(Department));
        Assert.Equal(SignInFailure.WrongCode, step.Failure);
        Assert.Equal(1, Account([Roles.Reviewer], [Registered(), .. step.Events]).FailedAttempts);
    }

    [Fact]
    public void A_key_is_registered_once_with_a_name_and_no_more_than_ten()
    {
        var events = AccountDecider.RegisterSecurityKey(Account([Roles.Staff]), Key, " U 盾 ", Given.As(Department));
        Assert.Equal(("U 盾", "Y3JlZC0x"), (Given.Single<SecurityKeyRegistered>(events).Name, Given.Single<SecurityKeyRegistered>(events).CredentialId));
        Assert.Equal("SECURITY_KEY_EXISTS", Assert.Throws<AlreadyExistsException>(() =>
            AccountDecider.RegisterSecurityKey(Account([Roles.Staff], Registered()), Key, "又一个", Given.As(Department))).Reason.Code);
        Assert.Equal("name", Assert.Throws<InvalidFieldException>(() => AccountDecider.RegisterSecurityKey(Account([Roles.Staff]), Key, " ", Given.As(Department))).Field);
        var ten = Account([Roles.Staff], [.. Enumerable.Range(0, 10).Select(i => Registered($"key-{i}"))]);
        Assert.Equal("SECURITY_KEY_LIMIT", Assert.Throws<RuleViolationException>(() =>
            AccountDecider.RegisterSecurityKey(ten, Key, "第十一个", Given.As(Department))).Reason.Code);
    }

    [Fact]
    public void A_key_is_removed_with_the_password_or_a_fresh_totp_code_and_a_wrong_one_counts_towards_the_lockout()
    {
        var account = Account([Roles.Reviewer], new TotpEnrolled("zhangming", "protected", [], Person, Given.Now), Registered());
        Confirmation With(string text) => new(text, Matches, (code, _) => code == "123456" ? 42 : null);

        var byPassword = AccountDecider.RemoveSecurityKey(account, "Y3JlZC0x", With("Right-password-1"), Given.As(Department));
        Assert.Empty(Account([Roles.Reviewer], [Registered(), .. byPassword.Events]).SecurityKeys);
        var byCode = AccountDecider.RemoveSecurityKey(account, "Y3JlZC0x", With("123456"), Given.As(Department));
        Assert.Equal(42, Given.Single<SecurityKeyRemoved>(byCode.Events).TotpStep);
        // The code's time step is spent: it removes nothing again.
        var spent = Account([Roles.Reviewer], [new TotpEnrolled("zhangming", "protected", [], Person, Given.Now), Registered(), Registered("key-2"), .. byCode.Events]);
        Assert.Equal(SignInNext.Failed, AccountDecider.RemoveSecurityKey(spent, "key-2", With("123456"), Given.As(Department)).Next);

        var wrong = AccountDecider.RemoveSecurityKey(account, "Y3JlZC0x", With("wrong-password"), Given.As(Department));
        Assert.Equal((SignInNext.Failed, SignInFailure.WrongPassword), (wrong.Next, wrong.Failure));
        Assert.Equal("SECURITY_KEY_NOT_FOUND", Assert.Throws<NotFoundException>(() =>
            AccountDecider.RemoveSecurityKey(account, "no-such-key", With("Right-password-1"), Given.As(Department))).Reason.Code);
    }

    [Fact]
    public void An_administrators_reset_of_the_second_factor_forgets_the_keys_too()
    {
        var reset = Account([Roles.Reviewer], Registered(), new PasswordReset("zhangming", "hash2", true, "丢失 U 盾", Person, Given.Now));
        Assert.Empty(reset.SecurityKeys);
        Assert.Equal(SignInNext.ChangePassword, AccountDecider.Password(reset, "Right-password-1", Matches, Given.As(Department)).Next);
    }
}
