using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;
using Shuangsuiji.Api.Draws.V1;
using Shuangsuiji.Api.Identity.V1;
using Shuangsuiji.Api.Supervision.V1;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Demo;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Bench;

/// <summary>
/// bench console: the staff console's pages as a person of the demo's lead department opens them, signed in through the
/// identity service's pages like anyone, with N entities in the directory (default 10,000,000, loaded as bench lookup loads
/// them) and 1,000 more open tasks of the department: the to-do list (待办), the demo's joint inspection's page and the
/// result entry form (一企一表) of one of its entities, each requested 200 times after 20 to warm up, the time from the
/// request to the whole page on the loopback. Baseline in the same run: the gRPC calls the same page makes, through the
/// gateway with a token of the same department and role, one after the other or side by side as the page makes them.
/// </summary>
public static partial class ConsoleBench
{
    private const int OpenTasks = 1_000;
    private const int Renders = 200;
    private const int Warmup = 20;
    private const string Username = "bench-console";

    public static async Task<string> RunAsync(int entities)
    {
        await using (var db = NpgsqlDataSource.Create(Settings.Postgres("ssyg_directories")))
            await LookupBench.EnsureLoadedAsync(db, entities);
        using var gateway = GrpcChannel.ForAddress(Settings.GatewayGrpc);
        var tasks = new Api.Tasks.V1.Tasks.TasksClient(gateway);
        var draws = new Api.Draws.V1.Draws.DrawsClient(gateway);
        var supervision = new Api.Supervision.V1.Supervision.SupervisionClient(gateway);
        var caller = Settings.As(TaskDemo.Lead);
        var mine = (await tasks.ListTasksAsync(new ListTasksRequest { DepartmentId = TaskDemo.Lead }, caller)).Tasks;
        var joint = mine.FirstOrDefault(t => t.Entities.Count > 0 && t.Departments.Count > 1)
            ?? throw new InvalidOperationException($"the demo's joint inspection of {TaskDemo.Lead} is missing: run infra/dev.sh demo on the bench instance");
        var open = await OpenTasksAsync(tasks, joint, mine.Count(t => t.TaskId.StartsWith("bench-console-", StringComparison.Ordinal)));
        await Settings.QuietAsync();

        using var person = await ConsolePerson.SignInAsync(TaskDemo.Lead);
        var uscc = joint.Entities[0];
        var pages = new (string Name, string Path, Func<Task> Calls)[]
        {
            ("todo", "/", async () =>
            {
                // TodoList: the department's open work, its open draws and its alerts, side by side (the calendar comes from a cache).
                await Task.WhenAll(
                    tasks.ListOpenWorkAsync(new ListOpenWorkRequest { DepartmentId = TaskDemo.Lead }, caller).ResponseAsync,
                    draws.ListOpenDrawsAsync(new ListOpenDrawsRequest { DepartmentId = TaskDemo.Lead }, caller).ResponseAsync,
                    supervision.ListAlertsAsync(new ListAlertsRequest { DepartmentId = TaskDemo.Lead }, caller).ResponseAsync);
            }),
            ("task", $"/tasks/{Uri.EscapeDataString(joint.TaskId)}", async () =>
            {
                await tasks.GetTaskAsync(new GetTaskRequest { TaskId = joint.TaskId }, caller);
                await tasks.ListResultsAsync(new ListResultsRequest { TaskId = joint.TaskId, DepartmentId = TaskDemo.Lead }, caller);
                await draws.GetDrawAsync(new GetDrawRequest { DrawId = joint.DrawId }, caller);
            }),
            ("result", $"/tasks/{Uri.EscapeDataString(joint.TaskId)}/entities/{uscc}", async () =>
            {
                // EntityResultPage: the check record, the task, the department's results (names and items come from caches).
                await tasks.GetCheckRecordAsync(new GetCheckRecordRequest { TaskId = joint.TaskId, Uscc = uscc }, caller);
                await tasks.GetTaskAsync(new GetTaskRequest { TaskId = joint.TaskId }, caller);
                await tasks.ListResultsAsync(new ListResultsRequest { TaskId = joint.TaskId, DepartmentId = TaskDemo.Lead }, caller);
            }),
        };

        var figures = new List<string>();
        foreach (var (name, path, calls) in pages)
        {
            var page = await MeasureAsync(() => person.GetAsync(path));
            var baseline = await MeasureAsync(calls);
            Console.WriteLine($"{name,-7} page p50 {page.P50:F1} ms p95 {page.P95:F1} ms   its gRPC calls p50 {baseline.P50:F1} ms p95 {baseline.P95:F1} ms");
            figures.Add($"{name}_p95_ms={page.P95:F1} {name}_calls_p95_ms={baseline.P95:F1} {name}_ratio_p95={page.P95 / baseline.P95:F2}");
        }
        return $"bench console: entities={entities} open_tasks={open} renders={Renders} {string.Join(' ', figures)}";
    }

    /// <summary>The department's 1,000 more open tasks (drafts outside the plan, like the joint inspection's scope), made by the first run.</summary>
    private static async Task<int> OpenTasksAsync(Api.Tasks.V1.Tasks.TasksClient tasks, InspectionTask like, int existing)
    {
        if (existing < OpenTasks) Console.WriteLine($"creating {OpenTasks - existing:N0} open tasks of {TaskDemo.Lead}...");
        for (var n = existing; n < OpenTasks; n++)
        {
            try
            {
                await tasks.CreateTaskAsync(new CreateTaskRequest
                {
                    TaskId = $"bench-console-{n:D4}", DepartmentId = TaskDemo.Lead, Name = $"压测任务 {n + 1}", Items = { like.Departments[0].Items },
                    Scope = like.Scope, Quotas = { like.Quotas }, CheckFrom = like.CheckFrom, CheckTo = like.CheckTo, Reason = "工作台压测",
                }, Settings.As(TaskDemo.Lead));
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
            {
            }
        }
        return OpenTasks;
    }

    private static async Task<(double P50, double P95)> MeasureAsync(Func<Task> render)
    {
        for (var i = 0; i < Warmup; i++) await render();
        var times = new List<double>(Renders);
        for (var i = 0; i < Renders; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await render();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        times.Sort();
        return (Settings.Percentile(times, 0.5), Settings.Percentile(times, 0.95));
    }

    /// <summary>
    /// A person at the console without a browser: an account of the department (made or reset by its administrator), signed
    /// in through the identity service's pages, the session's cookies kept by hand (the console's are Secure, which .NET's
    /// cookie container would not send to a loopback address over plain HTTP, while browsers do).
    /// </summary>
    private sealed partial class ConsolePerson : IDisposable
    {
        private readonly HttpClient http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        private readonly Dictionary<string, string> cookies = [];
        private static readonly Uri Console = new(Settings.Env("SSYG_WORKBENCH", "http://127.0.0.1:55170/"));

        public static async Task<ConsolePerson> SignInAsync(string department)
        {
            using var gateway = GrpcChannel.ForAddress(Settings.GatewayGrpc);
            var account = await AccountsDemo.Create(new Accounts.AccountsClient(gateway), new CreateAccountRequest
            {
                Username = Username, DisplayName = "压测科员", DepartmentId = department, Roles = { Roles.Staff },
            }, Settings.As(department, Roles.Admin));
            var person = new ConsolePerson();
            var (at, page) = await person.FollowAsync(new Uri(Console, "/"), null);
            (at, page) = await person.FollowAsync(at, Form(page, new() { ["Username"] = Username, ["Password"] = account.OneTimePassword }));
            var password = $"Bench-{Guid.NewGuid():N}"[..20];
            if (page.Contains("NewPassword", StringComparison.Ordinal))
                (at, page) = await person.FollowAsync(at, Form(page, new() { ["NewPassword"] = password, ["Confirm"] = password }));
            if (!at.ToString().StartsWith(Console.ToString(), StringComparison.Ordinal) || !page.Contains("待办", StringComparison.Ordinal))
                throw new InvalidOperationException($"signing in at the console ended at {at}");
            return person;
        }

        /// <summary>A page of the console, read whole; a page that is not 200 is an error.</summary>
        public async Task GetAsync(string path)
        {
            using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(Console, path)));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK || body.Length == 0) throw new InvalidOperationException($"{path}: {(int)response.StatusCode}");
        }

        /// <summary>Sends the request (a GET, or the form) and follows redirects to the page they end on.</summary>
        private async Task<(Uri At, string Page)> FollowAsync(Uri at, FormUrlEncodedContent? form)
        {
            var request = new HttpRequestMessage(form is null ? HttpMethod.Get : HttpMethod.Post, at) { Content = form };
            for (var hops = 0; hops < 20; hops++)
            {
                using var response = await SendAsync(request);
                if (response.Headers.Location is not { } next)
                    return (at, await response.Content.ReadAsStringAsync());
                at = new Uri(at, next);
                request = new HttpRequestMessage(HttpMethod.Get, at);
            }
            throw new InvalidOperationException($"too many redirects, the last to {at}");
        }

        private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            if (cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            var response = await http.SendAsync(request);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
                foreach (var cookie in set.Select(c => c.Split(';')[0].Split('=', 2)))
                    if (cookie[1].Length == 0) cookies.Remove(cookie[0]);
                    else cookies[cookie[0]] = cookie[1];
            return response;
        }

        /// <summary>The page's form as posted: its hidden fields (the antiforgery token) and these.</summary>
        private static FormUrlEncodedContent Form(string page, Dictionary<string, string> fields)
        {
            // The first form: the upstream sign-in's form follows the password form on the identity service's page.
            var form = page[..(page.IndexOf("</form>", StringComparison.Ordinal) is var end and > 0 ? end : page.Length)];
            foreach (Match input in Input().Matches(form))
                if (input.Value.Contains("type=\"hidden\"", StringComparison.Ordinal)
                    && Attribute("name").Match(input.Value) is { Success: true } name && Attribute("value").Match(input.Value) is { Success: true } value)
                    fields.TryAdd(WebUtility.HtmlDecode(name.Groups[1].Value), WebUtility.HtmlDecode(value.Groups[1].Value));
            return new FormUrlEncodedContent(fields);
        }

        private static Regex Attribute(string name) => new($"\\s{name}=\"([^\"]*)\"");

        [GeneratedRegex("<input[^>]*>")]
        private static partial Regex Input();

        public void Dispose() => http.Dispose();
    }
}
