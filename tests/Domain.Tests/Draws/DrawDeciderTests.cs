using System.Security.Cryptography;
using Shuangsuiji.Draws.Candidates;
using Shuangsuiji.Draws.Drawing;
using Shuangsuiji.Draws.Records;
using Shuangsuiji.Draws.Sampling;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests.Draws;

/// <summary>The rules that keep any party from steering a draw, and a draw asking what its task's quotas ask, as pure functions.</summary>
public sealed class DrawDeciderTests
{
    private const string Lead = "130302-AMR", Partner = "130302-EEB", Office = "130300-OFFICE";
    private static readonly DateTimeOffset Deadline = Given.Now.AddHours(2);
    private static readonly SecretSeal Seal = new(RandomNumberGenerator.GetBytes(32));
    private static readonly string[] Candidates = [.. Enumerable.Range(0, 40).Select(i => $"92130302MA{i:D7}Y")];

    private static CommandContext At(string department, DateTimeOffset when, string role = Roles.Staff) =>
        Given.As(department, role) with { Now = when };

    private static PrepareDraw Command(string? office = null) => new("draw-1", "task-1", [Lead, Partner], office, [$"{Lead}:HBSC-001"],
        new CandidateScope(["130302"], [], [], [], []), [new StratumSpec("D", ["D"], 30, null)], 12, null, null,
        Randomness: new PublicRandomness("福彩3D", "第2026330期"), CommitDeadline: Deadline);

    private static Placement Placement() =>
        new(new Dictionary<string, CandidateList> { ["D"] = new([.. Candidates.Select(UsccKey.Encode).Order()]) }, new Dictionary<string, int>());

    private static IReadOnlyList<object> Prepare(PrepareDraw? command = null, IReadOnlyList<DrawSummary>? taskDraws = null, IReadOnlyList<RiskQuota>? quotas = null) =>
        DrawDecider.Prepare(command ?? Command(), Placement(), 1, null, Office, quotas ?? [new RiskQuota("D", 30, null)], taskDraws ?? [],
            p => Seal.Keep("draw-1", p), Given.As(Lead));

    private static Draw Prepared(PrepareDraw? command = null) => Given.State<Draw>([.. Prepare(command)]);

    [Fact]
    public void A_department_drawing_is_never_alone_the_office_secret_is_committed_at_preparation_and_sealed()
    {
        var events = Prepare();
        var prepared = Assert.IsType<DrawPrepared>(events[0]);
        Assert.Equal([Lead, Partner, Office], prepared.Parties);
        var kept = Assert.IsType<SecretCommitted>(events[1]);
        Assert.Equal((Office, true, null), (kept.Party, kept.Generated, kept.KeptSecret));
        Assert.Equal(DrawDecider.EngineParty, kept.By.UserId);
        // The sealed secret opens only with the engine's key, to the secret it committed to.
        Assert.Equal(kept.Sha256, DrawSeed.Commitment(Seal.Open("draw-1", Office, kept.Sealed!)));
        Assert.Throws<InvalidOperationException>(() => new SecretSeal(RandomNumberGenerator.GetBytes(32)).Open("draw-1", Office, kept.Sealed!));
        Assert.ThrowsAny<CryptographicException>(() => Seal.Open("draw-2", Office, kept.Sealed!));
        Assert.ThrowsAny<CryptographicException>(() => Seal.Open("draw-1", Lead, kept.Sealed!));
    }

    [Fact]
    public void When_the_office_commits_its_own_secret_or_draws_a_return_visit_the_engine_is_a_party()
    {
        var events = Prepare(Command(Office));
        Assert.Equal([Lead, Partner, Office, DrawDecider.EngineParty], Assert.IsType<DrawPrepared>(events[0]).Parties);
        Assert.Equal(DrawDecider.EngineParty, Assert.IsType<SecretCommitted>(events[1]).Party);

        var visit = Command() with { Departments = [Office], Items = [], SampledTasks = ["task-0"] };
        var drawn = DrawDecider.Prepare(visit, Placement(), 1, null, null, [], [], p => Seal.Keep("draw-1", p), Given.As(Office, Roles.Supervisor));
        Assert.Equal([Office, DrawDecider.EngineParty], Assert.IsType<DrawPrepared>(drawn[0]).Parties);
    }

    [Fact]
    public void A_task_has_one_draw_open_and_a_second_after_it_is_a_re_draw()
    {
        var open = new DrawSummary("draw:draw-0", "draw-0", "task-1", [Lead], null, null, Given.Now, null) { CommitDeadline = Deadline, Parties = 3, Committed = 1 };
        Assert.Throws<RuleViolationException>(() => Prepare(taskDraws: [open]));
        // One whose deadline passed without every commitment has lapsed; a cancelled one is closed too.
        Assert.NotEmpty(DrawDecider.Prepare(Command(), Placement(), 1, null, Office, [], [open], p => Seal.Keep("draw-1", p), At(Lead, Deadline)));
        Assert.NotEmpty(Prepare(taskDraws: [open with { CancelledAt = Given.Now }]));
        var executed = open with { ExecutedAt = Given.Now };
        Assert.Throws<RuleViolationException>(() => Prepare(taskDraws: [executed]));
    }

    [Fact]
    public void Strata_smaller_than_the_tasks_quotas_are_refused_naming_the_field()
    {
        int Of(string _) => 40;
        var bigEnough = new[] { new StratumSpec("CD", ["C", "D"], 30, null) };
        QuotaSizes.Check(bigEnough, Of, [new RiskQuota("C", 10, null), new RiskQuota("D", 30, null)]);
        var small = Assert.Throws<InvalidFieldException>(() => QuotaSizes.Check([new StratumSpec("CD", ["C", "D"], 10, null)], Of,
            [new RiskQuota("C", 10, null), new RiskQuota("D", 30, null)]));
        Assert.Equal(("strata[0].percent", "stratum CD: 10 % is below the task's quota for class D (30 %)"), (small.Field, small.Message[(small.Field.Length + 2)..]));
        // A count compared with what the quotas ask of the stratum's candidates: 30 % of 40 is 12, plus a count of 3.
        QuotaSizes.Check([new StratumSpec("CD", ["C", "D"], null, 15)], Of, [new RiskQuota("C", null, 3), new RiskQuota("D", 30, null)]);
        Assert.Equal("strata[0].count", Assert.Throws<InvalidFieldException>(() => QuotaSizes.Check([new StratumSpec("CD", ["C", "D"], null, 11)], Of,
            [new RiskQuota("C", null, 3), new RiskQuota("D", 30, null)])).Field);
    }

    [Fact]
    public void A_re_draw_executes_only_while_no_department_has_matched_the_draw_it_replaces()
    {
        var redraw = Prepared() with { RedrawOf = "draw-0", Reason = "抽中对象已注销" };
        DrawDecider.StillReplaces(redraw, []);
        DrawDecider.StillReplaces(Prepared(), [Lead]); // a first draw replaces nothing
        Assert.Contains($"{Lead} matched inspectors to draw draw-0", Assert.Throws<RuleViolationException>(() => DrawDecider.StillReplaces(redraw, [Lead])).Message);
    }

    [Fact]
    public void Commitments_close_at_the_deadline_and_a_second_one_is_refused_and_kept()
    {
        var draw = Prepared();
        var late = Assert.Throws<DrawRefusal>(() => DrawDecider.Commit(draw, Lead, new string('a', 64), false, p => Seal.Keep("draw-1", p), At(Lead, Deadline)));
        Assert.Equal(("commit", Lead), (late.Attempt.Attempt, late.Attempt.By.DepartmentId));
        var committed = Given.State<Draw>([.. Prepare(), .. DrawDecider.Commit(draw, Lead, new string('a', 64), false, p => Seal.Keep("draw-1", p), Given.As(Lead))]);
        Assert.IsType<RuleViolationException>(Assert.Throws<DrawRefusal>(() =>
            DrawDecider.Commit(committed, Lead, new string('b', 64), false, p => Seal.Keep("draw-1", p), Given.As(Lead))).Error);
        // Someone who is no party is refused, and nothing is kept of it.
        Assert.Throws<ForbiddenException>(() => DrawDecider.Commit(draw, Lead, new string('b', 64), false, p => Seal.Keep("draw-1", p), Given.As("130399-OTHER")));
    }

    /// <summary>The draw with every party committed: the lead to a secret of its own, the partner to one the engine keeps.</summary>
    private static List<object> Committed(string leadSecret)
    {
        var events = new List<object>(Prepare());
        events.AddRange(DrawDecider.Commit(Given.State<Draw>([.. events]), Lead, DrawSeed.Commitment(leadSecret), false, p => Seal.Keep("draw-1", p), Given.As(Lead)));
        events.AddRange(DrawDecider.Commit(Given.State<Draw>([.. events]), Partner, null, true, p => Seal.Keep("draw-1", p), Given.As(Partner)));
        return events;
    }

    [Fact]
    public void The_public_value_is_the_offices_entered_once_after_the_deadline()
    {
        var draw = Given.State<Draw>([.. Committed("haigang-amr-secret-for-the-test")]);
        Assert.Throws<ForbiddenException>(() => DrawDecider.RecordPublicValue(draw, "5 2 8", At(Lead, Deadline)));
        Assert.Equal("public_value", Assert.Throws<DrawRefusal>(() => DrawDecider.RecordPublicValue(draw, "5 2 8", At(Office, Deadline.AddSeconds(-1), Roles.Supervisor))).Attempt.Attempt);
        var recorded = DrawDecider.RecordPublicValue(draw, " 5 2 8 ", At(Office, Deadline, Roles.System));
        var withValue = Given.State<Draw>([.. Committed("haigang-amr-secret-for-the-test"), .. recorded]);
        Assert.Equal("5 2 8", withValue.PublicValue!.Value);
        Assert.Empty(DrawDecider.RecordPublicValue(withValue, "5 2 8", At(Office, Deadline.AddMinutes(1), Roles.Supervisor)));
        var other = Assert.Throws<DrawRefusal>(() => DrawDecider.RecordPublicValue(withValue, "1 1 1", At(Office, Deadline.AddMinutes(1), Roles.Supervisor)));
        Assert.Equal("1 1 1", other.Attempt.Value);
    }

    [Fact]
    public void A_draw_executes_after_its_public_value_with_the_secrets_the_engine_opens_and_its_record_replays_with_its_timeline()
    {
        const string secret = "haigang-amr-secret-for-the-test";
        var events = Committed(secret);
        var draw = Given.State<Draw>([.. events]);
        Assert.Equal("execute", Assert.Throws<DrawRefusal>(() => DrawDecider.Executable(draw, null, At(Lead, Deadline))).Attempt.Attempt);
        events.AddRange(DrawDecider.Reveal(draw, Lead, secret, Given.As(Lead)));
        draw = Given.State<Draw>([.. events]);
        events.AddRange(DrawDecider.RecordPublicValue(draw, "5 2 8", At(Office, Deadline, Roles.Supervisor)));
        draw = Given.State<Draw>([.. events]);
        var offered = Assert.Throws<DrawRefusal>(() => DrawDecider.Executable(draw, "1 1 1", At(Lead, Deadline)));
        Assert.Equal(("execute", "1 1 1"), (offered.Attempt.Attempt, offered.Attempt.Value));
        var list = Placement().Lists["D"];
        events.AddRange(DrawDecider.Execute(draw, null, p => Seal.Open("draw-1", p.Id, p.Sealed!), _ => list, At(Lead, Deadline.AddMinutes(1))));
        draw = Given.State<Draw>([.. events]);
        Assert.Equal("5 2 8", draw.Executed!.PublicValue);

        var record = DrawDecider.Record(draw, []);
        Assert.Equal([Office, Lead, Partner], record.Reveals.Select(r => r.Party).Order(StringComparer.Ordinal));
        Assert.Empty(Verifier.Verify(record, _ => Candidates));
        var after = record.PublicRandomness!.CommitDeadline.AddSeconds(1);
        Assert.Contains(Verifier.Verify(record with { Commitments = [.. record.Commitments.Select((c, i) => i == 0 ? c with { CommittedAt = after } : c)] }),
            p => p.Contains("not by the commit deadline"));
        Assert.Contains(Verifier.Verify(record with { PublicRandomness = record.PublicRandomness with { RecordedAt = Given.Now } }),
            p => p.Contains("not entered after the commit deadline"));
        Assert.Contains(Verifier.Verify(record with { Commitments = [record.Commitments[0]], Reveals = [record.Reveals.First(r => r.Party == record.Commitments[0].Party)] }),
            p => p.Contains("two independent parties"));
    }

    [Fact]
    public void A_lapsed_or_cancelled_draw_takes_no_command()
    {
        var draw = Prepared();
        Assert.True(draw.LapsedAt(Deadline));
        Assert.Contains("lapsed", Assert.Throws<RuleViolationException>(() => DrawDecider.RecordPublicValue(draw, "5 2 8", At(Office, Deadline, Roles.Supervisor))).Message);
        Assert.Equal("reason", Assert.Throws<InvalidFieldException>(() => DrawDecider.Cancel(draw, " ", Given.As(Lead))).Field);
        Assert.Throws<ForbiddenException>(() => DrawDecider.Cancel(draw, "参数有误", Given.As(Partner)));
        var cancelled = Given.State<Draw>([.. Prepare(), .. DrawDecider.Cancel(draw, "参数有误", Given.As(Office, Roles.Supervisor))]);
        Assert.Throws<RuleViolationException>(() => DrawDecider.Commit(cancelled, Lead, new string('a', 64), false, p => Seal.Keep("draw-1", p), Given.As(Lead)));
    }
}
