using Grpc.Core;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Draws.V1;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Draws.Candidates;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;
using Shuangsuiji.Kernel;
using TasksProto = Shuangsuiji.Api.Tasks.V1;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>
/// Draws as the rules make them, through the gateway: a task ready for its draw (approved, partners confirmed), the
/// draw prepared through the tasks service with its public randomness and commit deadline, every party's commitment at
/// the draw engine, the office's public value once the platform's clock has passed the deadline, the reveals, and the
/// execution through the tasks service.
/// </summary>
public sealed class DrawCeremony(PlatformFixture platform, Scenario scenario)
{
    /// <summary>The city office (领导小组办公室), the second party of every draw in the city: a department of kind office.</summary>
    public const string OfficeId = "130300-OFFICE";

    public static Caller Office => Scenario.Office;

    public static readonly PublicRandomness Lottery = new() { Source = "福彩3D", Round = "第2026330期" };

    /// <summary>How long after preparation commitments close.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(30);

    public Api.Draws.V1.Draws.DrawsClient Draws => new(platform.GatewayChannel);

    public TasksProto.Tasks.TasksClient Tasks => new(platform.GatewayChannel);

    public static CallOptions Reviewer(string department) => As(new Caller($"reviewer-{department}", department, Roles.Reviewer));

    /// <summary>The city office as a department of kind office, known as such to the draw engine (made once per platform).</summary>
    public async Task<string> CityOffice()
    {
        await new Scenario(platform).CityOffice();
        var store = platform.Draws.Services.GetRequiredService<IDocumentStore>();
        await Eventually.Get(async () =>
        {
            await using var query = store.QuerySession();
            return await query.LoadAsync<DrawDepartment>(OfficeId);
        }, d => d is { Office: true }, "the city office at the draw engine");
        return OfficeId;
    }

    private int tasksMade;

    /// <summary>
    /// A task outside the plan of <paramref name="lead"/> with its partners (each with one item of its own), approved and its
    /// partners confirmed: ready for its draw. Items are "department:HBSC-001"; by default the scope is the lead's region
    /// (the first six characters of its id, as <see cref="Scenario"/> makes them) and the plan asks one class-D entity.
    /// </summary>
    public async Task<string> ReadyTask(string lead, string[] partners, TasksProto.PlanScope? scope = null, params TasksProto.RiskQuota[] quotas)
    {
        await CityOffice();
        var today = platform.Today;
        var id = (await Tasks.CreateTaskAsync(new CreateTaskRequest
        {
            TaskId = scenario.Id($"RW{Interlocked.Increment(ref tasksMade)}"), DepartmentId = lead, Name = "企业公示信息抽查", Items = { Item(lead) },
            Scope = scope ?? new TasksProto.PlanScope { Divisions = { lead[..6] } },
            Quotas = { quotas.Length > 0 ? quotas : [new TasksProto.RiskQuota { RiskClass = "D", Count = 1 }] }, CheckFrom = $"{today:yyyy-MM-dd}", CheckTo = $"{today.AddDays(20):yyyy-MM-dd}",
            Reason = "专项核查",
        }, As(Scenario.StaffOf(lead)))).TaskId;
        foreach (var partner in partners)
        {
            await Tasks.InviteDepartmentAsync(new InviteDepartmentRequest { TaskId = id, DepartmentId = partner, Items = { Item(partner) } }, As(Scenario.StaffOf(lead)));
            await Tasks.AcceptInvitationAsync(new InvitationRequest { TaskId = id, DepartmentId = partner }, As(Scenario.StaffOf(partner)));
        }
        await Tasks.ApproveTaskAsync(new TaskCommandRequest { TaskId = id }, Reviewer(lead));
        await Tasks.ConfirmPartnersAsync(new TaskCommandRequest { TaskId = id }, As(Scenario.StaffOf(lead)));
        return id;
    }

    public static string Item(string department) => $"{department}:HBSC-001";

    /// <summary>A draw of the task with the platform's declared randomness, its commitments closing <see cref="Window"/> from now.</summary>
    public PrepareDrawRequest Request(string task, params Stratum[] strata) => new()
    {
        TaskId = task, Strata = { strata }, PublicRandomness = Lottery,
        CommitDeadline = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(platform.Clock.GetUtcNow() + Window),
    };

    /// <summary>The draw prepared as a client prepares it: through the tasks service, which asks the draw engine.</summary>
    public async Task<Draw> Prepare(PrepareDrawRequest request, CallOptions caller) => await Tasks.PrepareDrawAsync(request, caller);

    /// <summary>The caller that acts for a party: the office's supervisor, or a department's staff.</summary>
    public static CallOptions PartyCaller(string party) => As(party == OfficeId ? Office : Scenario.StaffOf(party));

    /// <summary>
    /// Brings a prepared draw to its execution: the parties that have not committed let the engine keep a secret (or commit
    /// the ones given, then reveal them), the clock passes the deadline, the office enters the public value, and the
    /// lead executes.
    /// </summary>
    public async Task<Draw> Execute(Draw draw, IReadOnlyDictionary<string, string>? secrets = null, string publicValue = "5 2 8")
    {
        await Commit(draw, secrets);
        await PassDeadline(draw);
        await Draws.RecordPublicValueAsync(new RecordPublicValueRequest { DrawId = draw.DrawId, Value = publicValue }, As(Office));
        foreach (var (party, secret) in secrets ?? new Dictionary<string, string>())
            await Draws.RevealSecretAsync(new RevealSecretRequest { DrawId = draw.DrawId, Party = party, Secret = secret }, PartyCaller(party));
        return await Tasks.ExecuteDrawAsync(new ExecuteTaskDrawRequest { TaskId = draw.TaskId, DrawId = draw.DrawId }, PartyCaller(draw.Parties[0]));
    }

    public async Task Commit(Draw draw, IReadOnlyDictionary<string, string>? secrets = null)
    {
        foreach (var party in draw.Commitments.Where(c => c.Sha256 == "").Select(c => c.Party))
            await Draws.CommitSecretAsync(secrets?.GetValueOrDefault(party) is { } secret
                ? new CommitSecretRequest { DrawId = draw.DrawId, Party = party, Sha256 = Shuangsuiji.Draws.Sampling.DrawSeed.Commitment(secret) }
                : new CommitSecretRequest { DrawId = draw.DrawId, Party = party, Generate = true }, PartyCaller(party));
    }

    /// <summary>Moves the platform's clock just past the draw's commit deadline.</summary>
    public Task PassDeadline(Draw draw)
    {
        var left = draw.CommitDeadline.ToDateTimeOffset() - platform.Clock.GetUtcNow();
        if (left >= TimeSpan.Zero) platform.Clock.Advance(left + TimeSpan.FromSeconds(1));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Entities of <paramref name="department"/> in <paramref name="region"/>, <paramref name="perClass"/> of each credit risk
    /// class A, B and D, then <paramref name="unclassed"/> without a class, uploaded to the directories and waited for at the
    /// draw engine with the department.
    /// </summary>
    public async Task<string[]> Entities(string department, string region, int perClass, int unclassed = 0)
    {
        var codes = Enumerable.Range(0, 3 * perClass + unclassed).Select(_ => EntityFiles.NewCode()).Distinct().ToArray();
        await platform.Upload(department, "entities", EntityFiles.Csv([.. codes.Select(c => EntityFiles.Row(c, department, $"秦皇岛{c[^6..]}商贸有限公司", region))]));
        await platform.Upload(department, "risk_classes", string.Join("\n",
            codes.Take(3 * perClass).Select((c, i) => $"{c},{"ABD"[i / perClass]},2022-01-01").Prepend("uscc,risk_class,effective_on")) + "\n");
        var table = platform.Draws.Services.GetRequiredService<CandidateTable>();
        var db = platform.Draws.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        var store = platform.Draws.Services.GetRequiredService<IDocumentStore>();
        await Eventually.Get(async () =>
        {
            await using var count = db.CreateCommand($"select count(*), count(risk_class) from {table.Name} where uscc = any($1)");
            count.Parameters.Add(new Npgsql.NpgsqlParameter<string[]> { TypedValue = codes });
            await using var reader = await count.ExecuteReaderAsync();
            await reader.ReadAsync();
            var known = (reader.GetInt64(0), reader.GetInt64(1));
            await using var query = store.QuerySession();
            return (known, await query.LoadAsync<DrawDepartment>(department) is not null);
        }, known => known == ((codes.Length, 3 * perClass), true), "the entities with their classes and the department at the draw engine");
        await CityOffice();
        return codes;
    }

    /// <summary>
    /// A task of <paramref name="department"/> drawn by the draw engine (one of class A, two of B, one of D from its
    /// region), every result approved and published, closed today and known closed at the draw engine: what a return
    /// visit samples.
    /// </summary>
    public async Task<(string Task, string[] Entities)> ClosedTask(string department)
    {
        var id = await ReadyTask(department, []);
        var staff = As(Scenario.StaffOf(department));
        var prepared = await Prepare(Request(id, new Stratum { Label = "A", RiskClasses = { "A" }, Count = 1 },
            new Stratum { Label = "B", RiskClasses = { "B" }, Count = 2 }, new Stratum { Label = "D", RiskClasses = { "D" }, Count = 1 }), staff);
        await Execute(prepared);
        var entities = (await Draws.GetDrawAsync(new GetDrawRequest { DrawId = prepared.DrawId }, staff)).Strata.SelectMany(s => s.Selected).ToArray();
        await Eventually.Get(() => Tasks.GetTaskAsync(new GetTaskRequest { TaskId = id }, staff).ResponseAsync,
            t => t.Status == TasksProto.TaskStatus.Drawn, "the draw on the task");
        var checking = new CheckingTasks(platform, scenario);
        await checking.Matched(id, prepared.DrawId, department, entities, "QHD-AMR-001", "QHD-AMR-002");
        await Tasks.StartChecksAsync(new TaskCommandRequest { TaskId = id }, staff);
        await checking.Close(id, department, Item(department), entities);
        // A return visit samples the task once the draw engine has heard it closed (its entities free again).
        var table = platform.Draws.Services.GetRequiredService<CandidateTable>();
        var db = platform.Draws.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        await Eventually.Get(async () =>
        {
            await using var ended = db.CreateCommand($"select count(*) from {table.TaskEntities} where task_id = $1 and seq_to is not null");
            ended.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = id });
            return Convert.ToInt32(await ended.ExecuteScalarAsync());
        }, n => n == entities.Length, "the closed task at the draw engine");
        return (id, entities);
    }
}
