using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Draws.V1;
using Shuangsuiji.Api.Supervision.V1;
using Shuangsuiji.Draws.Drawing;
using Shuangsuiji.Platform.Tests.Infrastructure;
using Shuangsuiji.ServiceDefaults.EventStore;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// Through the gateway: a command named by its x-request-id takes effect once in every service, a repeat is answered only
/// to the caller who sent it and only once it is permitted; import jobs are their department's; supervision needs a token
/// for every method and decides who may read before it reads a year.
/// </summary>
public sealed class RequestIdAndPermissionTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);
    private Api.Draws.V1.Draws.DrawsClient Draws => new(platform.GatewayChannel);

    private static CallOptions Staff(string department) => As(Scenario.StaffOf(department));

    private static CallOptions Named(Caller caller, string requestId)
    {
        var options = As(caller);
        options.Headers!.Add(CommandContext.RequestIdHeader, requestId);
        return options;
    }

    private static async Task<RpcException> Fails(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);

    /// <summary>The parties whose commitments the draw engine stores, in order: one secret_committed per commitment.</summary>
    private async Task<List<string>> Committed(string drawId)
    {
        await using var query = platform.Draws.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return [.. (await query.Events.FetchStreamAsync($"draw:{drawId}")).Select(e => e.Data).OfType<SecretCommitted>().Select(c => c.Party)];
    }

    [Fact]
    public async Task A_secret_committed_twice_with_one_request_id_answers_the_same_draw_and_is_recorded_once()
    {
        var (id, amr, eeb) = await scenario.JointDraw(platform, "130302");
        var commit = new CommitSecretRequest { DrawId = id, Party = amr, Sha256 = new string('b', 64) };
        var named = Named(Scenario.StaffOf(amr), $"commit-{Guid.NewGuid():N}");
        var first = await Draws.CommitSecretAsync(commit, named);
        var again = await Draws.CommitSecretAsync(commit, named);
        Assert.Equal(first.Commitments, again.Commitments);
        // Without its name the same command is a second one, refused by the rules.
        Assert.Equal(StatusCode.FailedPrecondition, (await Fails(() => Draws.CommitSecretAsync(commit, Staff(amr)).ResponseAsync)).StatusCode);

        // Over JSON: a secret the engine generates is generated once, so the same commitment comes back.
        using var http = platform.Http(Scenario.StaffOf(eeb));
        async Task<JsonElement> Commit()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/draws/{id}:commit") { Content = JsonContent.Create(new { party = eeb, generate = true }) };
            request.Headers.Add(CommandContext.RequestIdHeader, "eeb-commit-1");
            var response = await http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("commitments").EnumerateArray().Single(c => c.GetProperty("party").GetString() == eeb);
        }
        Assert.Equal((await Commit()).GetProperty("sha256").GetString(), (await Commit()).GetProperty("sha256").GetString());
        Assert.Equal([DrawCeremony.OfficeId, amr, eeb], await Committed(id));
    }

    [Fact]
    public async Task A_repeat_by_another_caller_is_not_answered_with_the_first_callers_state_and_permission_is_checked_first()
    {
        var (id, amr, eeb) = await scenario.JointDraw(platform, "130303");
        var requestId = $"commit-{Guid.NewGuid():N}";
        var commit = new CommitSecretRequest { DrawId = id, Party = amr, Sha256 = new string('c', 64) };
        await Draws.CommitSecretAsync(commit, Named(Scenario.StaffOf(amr), requestId));

        // Another department's caller with the same id: decided as its own command — refused for the lead's party, taking
        // effect for its own.
        var other = Scenario.StaffOf(eeb);
        var refused = await Fails(() => Draws.CommitSecretAsync(commit, Named(other, requestId)).ResponseAsync);
        Assert.Equal((StatusCode.PermissionDenied, $"only {amr} may commit or reveal its own secret"), (refused.StatusCode, refused.Status.Detail));
        var own = await Draws.CommitSecretAsync(new CommitSecretRequest { DrawId = id, Party = eeb, Generate = true }, Named(other, requestId));
        Assert.True(own.Commitments.Single(c => c.Party == eeb).Generated);

        // Another caller of the lead with the same id: a reviewer may not commit (permission comes before any answer); a
        // system acting for the lead may, but the id named the staff's command, not its own.
        var reviewer = await Fails(() => Draws.CommitSecretAsync(commit, Named(new Caller($"reviewer-{amr}", amr, Roles.Reviewer), requestId)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, reviewer.StatusCode);
        var system = await Fails(() => Draws.CommitSecretAsync(commit, Named(new Caller("sys-1", amr, Roles.System), requestId)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, system.StatusCode);
        Assert.Equal($"x-request-id: {requestId} already named a command of staff-{amr} (staff); a repeat is answered to the caller who sent it only",
            system.Status.Detail);
        Assert.Equal([DrawCeremony.OfficeId, amr, eeb], await Committed(id));
    }

    [Fact]
    public async Task A_request_id_recorded_before_callers_were_kept_is_still_answered_once_the_caller_is_permitted()
    {
        var (id, amr, eeb) = await scenario.JointDraw(platform, "130304");
        var commit = new CommitSecretRequest { DrawId = id, Party = amr, Sha256 = new string('d', 64) };
        await Draws.CommitSecretAsync(commit, Staff(amr));
        // As stored before: the causation alone as its id, no caller.
        var store = platform.Draws.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.Insert(new ProcessedRequest($"{CommandContext.NamedRequest}old-{id}", $"draw:{id}", platform.Clock.GetUtcNow()));
            await session.SaveChangesAsync();
        }

        var answered = await Draws.CommitSecretAsync(commit, Named(Scenario.StaffOf(amr), $"old-{id}"));
        Assert.Equal(new string('d', 64), answered.Commitments.Single(c => c.Party == amr).Sha256);
        Assert.Equal(StatusCode.PermissionDenied, (await Fails(() => Draws.CommitSecretAsync(commit, Named(Scenario.StaffOf(eeb), $"old-{id}")).ResponseAsync)).StatusCode);
        Assert.Equal([DrawCeremony.OfficeId, amr], await Committed(id));
    }

    [Fact]
    public async Task An_import_job_and_its_rejections_are_read_by_the_importing_department_and_the_office_only()
    {
        var amr = (await scenario.Department("130306-AMR", DepartmentLevel.County, "130306")).DepartmentId;
        var eeb = (await scenario.Department("130306-EEB", DepartmentLevel.County, "130306")).DepartmentId;
        using var http = platform.Http(Scenario.StaffOf(amr));
        var response = await http.PostAsync($"/v1/departments/{amr}/imports?kind=entities",
            EntityFiles.Content(EntityFiles.Csv(EntityFiles.Row(EntityFiles.NewCode(), amr, division: "130306"), EntityFiles.Row("not-a-code", amr, division: "130306"))));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var job = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString()!;

        var imports = new DirectoryImports.DirectoryImportsClient(platform.GatewayChannel);
        foreach (var reader in new[] { Staff(amr), As(Scenario.Office) })
        {
            var read = await imports.GetImportJobAsync(new GetImportJobRequest { JobId = job }, reader);
            Assert.Equal((amr, 1, 1), (read.DepartmentId, read.Added, read.Rejected));
            Assert.Equal(3, Assert.Single((await imports.ListImportRejectionsAsync(new ListImportRejectionsRequest { JobId = job }, reader)).Rejections).Line);
        }
        var byOther = await Fails(() => imports.GetImportJobAsync(new GetImportJobRequest { JobId = job }, Staff(eeb)).ResponseAsync);
        Assert.Equal((StatusCode.PermissionDenied, $"import {job} is {amr}'s: only that department and the supervising office read it"),
            (byOther.StatusCode, byOther.Status.Detail));
        Assert.Equal(StatusCode.PermissionDenied,
            (await Fails(() => imports.ListImportRejectionsAsync(new ListImportRejectionsRequest { JobId = job }, Staff(eeb)).ResponseAsync)).StatusCode);
        using var anonymous = platform.Http();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/v1/imports/{job}")).StatusCode);
    }

    [Fact]
    public async Task Every_supervision_method_needs_a_token_at_the_gateway_and_at_the_service()
    {
        using var service = GrpcChannel.ForAddress(platform.Supervision.Server.BaseAddress,
            new GrpcChannelOptions { HttpHandler = platform.Supervision.Server.CreateHandler() });
        foreach (var channel in new[] { platform.GatewayChannel, service })
        {
            var client = new Api.Supervision.V1.Supervision.SupervisionClient(channel);
            foreach (var method in Api.Supervision.V1.Supervision.Descriptor.Methods)
            {
                var request = Activator.CreateInstance(method.InputType.ClrType)!;
                var call = typeof(Api.Supervision.V1.Supervision.SupervisionClient).GetMethod($"{method.Name}Async", [method.InputType.ClrType, typeof(CallOptions)])!
                    .Invoke(client, [request, new CallOptions()])!;
                var error = await Fails(() => (Task)call.GetType().GetProperty("ResponseAsync")!.GetValue(call)!);
                Assert.True(error.StatusCode == StatusCode.Unauthenticated, $"{method.Name} without a token: {error.StatusCode} {error.Status.Detail}");
            }
        }
        using var anonymous = platform.Http();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/supervision/training/2022")).StatusCode);
    }

    [Fact]
    public async Task A_department_asking_for_another_departments_figures_is_refused_before_the_year_is_read()
    {
        var amr = (await scenario.Department("130321-AMR", DepartmentLevel.County, "130321")).DepartmentId;
        var eeb = (await scenario.Department("130321-EEB", DepartmentLevel.County, "130321")).DepartmentId;
        var request = new GetTargetsRequest { Subject = eeb, Year = 2022 };
        var supervision = new Api.Supervision.V1.Supervision.SupervisionClient(platform.GatewayChannel);
        // Through the gateway, once the supervision service has heard of the other department.
        await Eventually.Get(async () => (await Fails(() => supervision.GetTargetsAsync(request, Staff(amr)).ResponseAsync)).StatusCode,
            status => status == StatusCode.PermissionDenied, "the refusal of another department's figures");

        // Once more in a trace of its own (sampled, so every host records its part): the statements the supervision service ran
        // for it read the departments, not the year.
        ActivityTraceId trace;
        using (var activity = new Activity("another department's figures") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.Start())
        {
            trace = activity.TraceId;
            Assert.Equal(StatusCode.PermissionDenied, (await Fails(() => supervision.GetTargetsAsync(request, Staff(amr)).ResponseAsync)).StatusCode);
        }
        var spans = await Eventually.Get(() => Task.FromResult(Traced(trace)),
            s => s.Count(a => a.Kind == ActivityKind.Server && a.GetTagItem("url.path") is string path && path.EndsWith("Supervision/GetTargets", StringComparison.Ordinal)) == 2,
            "the spans of the call at the gateway and at the supervision service");
        var statements = spans.SelectMany(a => a.TagObjects).Select(t => t.Value?.ToString() ?? "").Where(v => v.Contains("mt_doc_", StringComparison.Ordinal)).ToList();
        Assert.Contains(statements, s => s.Contains("mt_doc_keptdepartment", StringComparison.Ordinal));
        string[] year = ["mt_doc_keptresult", "mt_doc_kepttask", "mt_doc_keptvisit", "mt_doc_keptplan"];
        Assert.DoesNotContain(statements, s => year.Any(table => s.Contains(table, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Another_departments_preparation_or_preview_is_refused_before_the_draw_engine_places_candidates()
    {
        var amr = (await scenario.Department("130323-AMR", DepartmentLevel.County, "130323")).DepartmentId;
        var other = (await scenario.Department("130323-EEB", DepartmentLevel.County, "130323")).DepartmentId;
        var ceremony = new DrawCeremony(platform, scenario);
        await ceremony.Entities(amr, "130323", 1);
        var task = await ceremony.ReadyTask(amr, []);
        var request = ceremony.Request(task, new Stratum { Label = "D", RiskClasses = { "D" }, Count = 1 });
        request.DepartmentIds.Add(amr);
        request.ItemIds.Add(DrawCeremony.Item(amr));

        // In a trace of their own: the other department's preparation (at the engine and through the tasks service) and
        // preview are refused, and the engine placed no candidates for them; the lead's preview places them.
        static bool Placement(Activity span) => span.OperationName == "place candidates";
        ActivityTraceId refused, allowed;
        using (var activity = new Activity("another department's draw") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.Start())
        {
            refused = activity.TraceId;
            Assert.Equal(StatusCode.PermissionDenied, (await Fails(() => Draws.PrepareDrawAsync(request, Staff(other)).ResponseAsync)).StatusCode);
            Assert.Equal(StatusCode.PermissionDenied, (await Fails(() => ceremony.Tasks.PrepareDrawAsync(request, Staff(other)).ResponseAsync)).StatusCode);
            Assert.Equal(StatusCode.PermissionDenied, (await Fails(() => Draws.PreviewDrawAsync(request, Staff(other)).ResponseAsync)).StatusCode);
        }
        using (var activity = new Activity("the lead's preview") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.Start())
        {
            allowed = activity.TraceId;
            Assert.Equal(1, (await Draws.PreviewDrawAsync(request, Staff(amr))).Strata.Single().CandidateCount);
        }
        var placed = await Eventually.Get(() => Task.FromResult(Traced(allowed, "draws")), s => s.Any(Placement), "the placement of the lead's preview");
        Assert.Equal(task, placed.Single(Placement).GetTagItem("shuangsuiji.tasks"));
        var calls = await Eventually.Get(() => Task.FromResult(Traced(refused, "draws")),
            s => s.Count(a => a.Kind == ActivityKind.Server && a.GetTagItem("url.path") is string path && path.Contains("Draws/P", StringComparison.Ordinal)) >= 3,
            "the spans of the refused calls at the draw engine");
        Assert.DoesNotContain(calls, Placement);
    }

    /// <summary>The spans of one trace a host exported (the exporter appends from its own thread: copy until it holds still).</summary>
    private List<Activity> Traced(ActivityTraceId trace, string service = "supervision")
    {
        var spans = platform.Spans[service];
        while (true)
        {
            try
            {
                return [.. spans.ToArray().Where(a => a.TraceId == trace)];
            }
            catch (ArgumentException)
            {
            }
        }
    }
}
