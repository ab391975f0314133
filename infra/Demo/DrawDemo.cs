using Grpc.Core;
using Grpc.Net.Client;
using Shuangsuiji.Api.Draws.V1;
using Shuangsuiji.Draws.Records;
using Shuangsuiji.Draws.Sampling;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Demo;

/// <summary>
/// A joint draw (部门联合抽查) of licensed food businesses in 海港区 by the district market bureau and the city
/// health commission, in strata by credit risk: the city office is the third party (the engine keeps its secret,
/// sealed); the bureau commits to its own secret, the commission lets the engine keep one; once commitments close the
/// office enters the public value, the bureau reveals, the draw executes, and each department matches its inspectors.
/// Then the public record is read as anyone would, without a token, and replayed.
/// </summary>
public sealed class DrawDemo(GrpcChannel channel, HttpClient http, Func<string, string, Metadata> caller)
{
    private const string Lead = "130302-AMR";
    private const string Partner = "130300-HWC";

    /// <summary>Returns the public record's address and each department's team per entity (inspector ids) for the checks.</summary>
    public async Task<(string RecordPath, IReadOnlyDictionary<(string Department, string Uscc), IReadOnlyList<string>> Teams)> RunAsync(
        string taskId, int expectedCandidates, IReadOnlyDictionary<string, int> expectedInspectors)
    {
        var draws = new Api.Draws.V1.Draws.DrawsClient(channel);
        // The task's draw is asked of the tasks service, which checks it against the task and has the draw engine make it.
        var tasks = new Api.Tasks.V1.Tasks.TasksClient(channel);
        var request = new PrepareDrawRequest
        {
            TaskId = taskId, DepartmentIds = { Lead, Partner }, ItemIds = { TaskDemo.LeadItem, TaskDemo.PartnerItem },
            Scope = new Scope { SubLibraries = { "130300-AMR/licensed-food-businesses" } },
            PublicRandomness = DemoBeacon.Randomness,
            Strata =
            {
                new Stratum { Label = "A", RiskClasses = { "A" }, Percent = 2 },
                new Stratum { Label = "B", RiskClasses = { "B" }, Percent = 5 },
                new Stratum { Label = "C", RiskClasses = { "C" }, Percent = 10 },
                new Stratum { Label = "D", RiskClasses = { "D" }, Percent = 30 },
            },
        };
        // The draw engine learns of the directory over the bus: wait until its copy holds the whole scope.
        for (var attempt = 0; ; attempt++)
        {
            var preview = await draws.PreviewDrawAsync(request, caller(Lead, Roles.Staff));
            var seen = preview.Strata.Sum(s => s.CandidateCount) + preview.Exclusions.Values.Sum();
            if (seen >= expectedCandidates && new[] { Lead, Partner }.All(d => preview.KnownInspectors.GetValueOrDefault(d) >= expectedInspectors[d])) break;
            if (attempt == 300) throw new InvalidOperationException($"the draw engine has {seen} of {expectedCandidates} entities after a minute");
            await Task.Delay(200);
        }

        request.CommitDeadline = DemoBeacon.Deadline();
        var draw = await tasks.PrepareDrawAsync(request, caller(Lead, Roles.Staff));
        var secret = DrawSeed.Generate(); // the bureau's own secret, kept by its staff until the reveal
        await draws.CommitSecretAsync(new CommitSecretRequest { DrawId = draw.DrawId, Party = Lead, Sha256 = DrawSeed.Commitment(secret) }, caller(Lead, Roles.Staff));
        await draws.CommitSecretAsync(new CommitSecretRequest { DrawId = draw.DrawId, Party = Partner, Generate = true }, caller(Partner, Roles.Staff));
        var value = await DemoBeacon.EnterAsync(draws, draw, caller(DemoData.Office, Roles.Supervisor));
        await draws.RevealSecretAsync(new RevealSecretRequest { DrawId = draw.DrawId, Party = Lead, Secret = secret }, caller(Lead, Roles.Staff));
        await tasks.ExecuteDrawAsync(new Api.Tasks.V1.ExecuteTaskDrawRequest { TaskId = taskId, DrawId = draw.DrawId }, caller(Lead, Roles.Staff));
        var executed = await draws.GetDrawAsync(new GetDrawRequest { DrawId = draw.DrawId }, caller(Lead, Roles.Staff)); // with the drawn codes

        Console.WriteLine();
        Console.WriteLine($"联合抽查 {Lead} + {Partner}, 持证食品经营者 in 海港区 (draw {executed.DrawId}; parties {string.Join(", ", executed.Parties)}, "
                          + $"public value {value} entered by the office after commitments closed):");
        foreach (var s in executed.Strata)
            Console.WriteLine($"  stratum {s.Label}: {s.Selected.Count,3} of {s.CandidateCount,5} drawn   e.g. {string.Join(" ", s.Selected.Take(3))}");
        Console.WriteLine($"  left out: {string.Join(", ", executed.Exclusions.Select(e => $"{e.Key} {e.Value}"))}");

        // Each department matches its own inspectors: checks in the next four weeks, at most twelve entities each.
        var from = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7);
        foreach (var department in new[] { Lead, Partner })
            await draws.MatchInspectorsAsync(new MatchInspectorsRequest
            {
                DrawId = executed.DrawId, DepartmentId = department, CheckFrom = $"{from:yyyy-MM-dd}", CheckTo = $"{from.AddDays(27):yyyy-MM-dd}",
                TeamSize = 1, WorkloadCap = 12,
            }, caller(department, Roles.Staff));
        var matched = await draws.GetDrawAsync(new GetDrawRequest { DrawId = executed.DrawId }, caller(Lead, Roles.Staff));
        var teams = matched.Teams.GroupBy(t => t.Uscc).ToList();
        Console.WriteLine($"  teams: {teams.Count(g => g.All(t => t.Failure == ""))} complete, {teams.Count(g => g.Any(t => t.Failure != ""))} short of inspectors; "
                          + $"e.g. {teams[0].Key}: {string.Join(" + ", teams[0].Select(t => $"{t.DepartmentId} {string.Join(",", t.InspectorIds)}"))}");

        var path = $"/v1/public/draws/{executed.DrawId}/record";
        var record = DrawRecord.FromJson(await http.GetStringAsync(path)); // the document itself, as curl -o saves it
        var lists = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var s in record.Strata)
        {
            using var stream = draws.StreamCandidates(new CandidatesRequest { DrawId = executed.DrawId, Label = s.Label });
            var list = new List<string>();
            await foreach (var chunk in stream.ResponseStream.ReadAllAsync()) list.AddRange(chunk.Usccs);
            lists[s.Label] = list;
        }
        var problems = Verifier.Verify(record, l => lists[l]);
        Console.WriteLine(problems.Count == 0
            ? "  replayed from its public record and candidate lists: every pick checks out"
            : $"  REPLAY FAILED: {string.Join("; ", problems)}");
        return (path, matched.Teams.Where(t => t.Failure == "").ToDictionary(t => (t.DepartmentId, t.Uscc), t => (IReadOnlyList<string>)[.. t.InspectorIds]));
    }
}
