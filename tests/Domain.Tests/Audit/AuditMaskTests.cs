using System.Text.Json;
using Marten;
using Shuangsuiji.Directories;
using Shuangsuiji.Draws;
using Shuangsuiji.AuditTrail;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests.Audit;

/// <summary>The services' audit masks over stored event data: personal data for its keeper only, sealed secrets for no one.</summary>
public sealed class AuditMaskTests
{
    private const string Stream = "inspector:130302-AMR:HG-007";

    private static readonly Caller Keeper = new("staff-130302-AMR", "130302-AMR", Roles.Staff);
    private static readonly Caller Office = new("office-zhang", "130300-OFFICE", Roles.Supervisor);
    private static readonly Caller Other = new("staff-130302-EEB", "130302-EEB", Roles.Staff);

    /// <summary>An inspector_registered event as PostgreSQL prints the stored jsonb.</summary>
    private const string Registered = """
        {"at": "2022-03-01T09:00:00+08:00", "by": {"role": "staff", "userId": "staff-130302-AMR", "departmentId": "130302-AMR"}, "profile": {"name": "王海", "unit": null, "region": "130302"}, "personal": {"phone": "13812345678", "idNumber": "130302199003071234"}, "inspectorId": "HG-007", "departmentId": "130302-AMR", "specialties": []}
        """;

    private static JsonElement Personal(string json) => JsonDocument.Parse(json).RootElement.GetProperty("personal");

    [Theory]
    [InlineData("130302199003071234", "1303**********1234")]
    [InlineData("13030219900307123X", "1303**********123X")]
    [InlineData("1303021990", "1303**1990")]
    [InlineData("13030219", "********")]
    public void An_id_number_keeps_its_first_and_last_four_characters(string number, string masked) => Assert.Equal(masked, AuditMask.IdNumber(number));

    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("0335-3012345", "033*****2345")]
    [InlineData("1234567", "*******")]
    public void A_phone_keeps_its_first_three_and_last_four_digits(string phone, string masked) => Assert.Equal(masked, AuditMask.Phone(phone));

    [Fact]
    public void A_liaison_officers_phones_and_email_are_whole_for_the_department_itself_and_masked_for_the_office_and_other_departments()
    {
        const string named = """
            {"at": "2026-03-02T09:00:00+08:00", "by": {"role": "admin", "userId": "admin-li", "departmentId": "130302-AMR"}, "officer": {"name": "孙联络", "email": "sunll@example.gov.cn", "mobile": "13803351234", "position": "办公室主任", "officePhone": "0335-3031234"}, "departmentId": "130302-AMR"}
            """;
        var mask = new DirectoriesAuditMask();
        Assert.Same(named, mask.Apply("liaison_officer_named", "130302-AMR", named, Keeper));
        foreach (var reader in new[] { Office, Other })
        {
            var officer = JsonDocument.Parse(mask.Apply("liaison_officer_named", "130302-AMR", named, reader)).RootElement.GetProperty("officer");
            Assert.Equal(("138****1234", "033*****1234", "s***@example.gov.cn", "孙联络"),
                (officer.GetProperty("mobile").GetString(), officer.GetProperty("officePhone").GetString(), officer.GetProperty("email").GetString(), officer.GetProperty("name").GetString()));
        }
    }

    [Fact]
    public void An_inspectors_personal_data_is_whole_for_the_inspectors_department_and_masked_for_the_office_and_other_departments()
    {
        var mask = new DirectoriesAuditMask();
        Assert.Same(Registered, mask.Apply("inspector_registered", Stream, Registered, Keeper));
        var own = Personal(Registered);
        Assert.Equal(("130302199003071234", "13812345678"), (own.GetProperty("idNumber").GetString(), own.GetProperty("phone").GetString()));
        foreach (var reader in new[] { Office, Other, Keeper with { DepartmentId = "130303-AMR" } })
        {
            var shown = mask.Apply("inspector_registered", Stream, Registered, reader);
            Assert.Equal(("1303**********1234", "138****5678"), (Personal(shown).GetProperty("idNumber").GetString(), Personal(shown).GetProperty("phone").GetString()));
            Assert.DoesNotContain("199003071234", shown);
            Assert.DoesNotContain("12345678", shown);
            // The rest as stored, Chinese unescaped.
            Assert.Contains("\"name\":\"王海\"", shown);
            Assert.Contains("\"inspectorId\":\"HG-007\"", shown);
        }
        // Personal data changed: the same fields; a number left out (null) stays null.
        var changed = mask.Apply("inspector_personal_data_changed", Stream,
            """{"at": "2022-03-02T09:00:00+08:00", "personal": {"phone": null, "idNumber": "130302199003071234"}, "inspectorId": "HG-007"}""", Office);
        Assert.Equal(JsonValueKind.Null, Personal(changed).GetProperty("phone").ValueKind);
        Assert.Equal("1303**********1234", Personal(changed).GetProperty("idNumber").GetString());
    }

    [Fact]
    public void A_secret_the_draw_engine_keeps_is_left_out_for_every_reader_and_other_kinds_are_shown_as_stored()
    {
        var mask = new DrawsAuditMask();
        const string committed = """
            {"at": "2022-03-01T09:00:00+08:00", "party": "130302-EEB", "drawId": "d-1", "sha256": "ab12", "generated": true, "keptSecret": "4f1c2a9e", "sealed": "v1:Zm9v"}
            """;
        foreach (var reader in new[] { Office, Keeper, Other })
        {
            var shown = JsonDocument.Parse(mask.Apply("secret_committed", "draw:d-1", committed, reader)).RootElement;
            Assert.False(shown.TryGetProperty("keptSecret", out _));
            Assert.False(shown.TryGetProperty("sealed", out _));
            Assert.Equal(("ab12", true), (shown.GetProperty("sha256").GetString(), shown.GetProperty("generated").GetBoolean()));
        }
        const string revealed = """{"party": "130302-EEB", "drawId": "d-1", "secret": "4f1c2a9e"}""";
        Assert.Same(revealed, mask.Apply("secret_revealed", "draw:d-1", revealed, Other));
        Assert.Same(Registered, AuditMask.None.Apply("inspector_registered", Stream, Registered, Other));
    }

    [Fact]
    public void Each_service_declares_its_mask_in_its_own_assembly_naming_stored_event_types_of_its_store()
    {
        Assert.IsType<DirectoriesAuditMask>(AuditMask.Of(typeof(DirectoriesAuditMask).Assembly));
        Assert.IsType<DrawsAuditMask>(AuditMask.Of(typeof(DrawsAuditMask).Assembly));
        Assert.Same(AuditMask.None, AuditMask.Of(typeof(global::Shuangsuiji.Tasks.TasksApi).Assembly));

        foreach (var (mask, configure) in new (AuditMask, Action<StoreOptions>)[]
                 {
                     (new DirectoriesAuditMask(), DirectoriesStore.Configure), (new DrawsAuditMask(), DrawsStore.Configure),
                 })
        {
            var options = new StoreOptions();
            configure(options);
            var stored = ((IReadOnlyStoreOptions)options).Events.AllKnownEventTypes().Select(e => e.EventTypeName).ToHashSet();
            Assert.All(mask.Kinds, kind => Assert.Contains(kind, stored));
        }
    }
}
