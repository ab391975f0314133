using Grpc.Core;
using Grpc.Net.Client;
using MassTransit;
using Shuangsuiji.Api.Audit.V1;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Supervision.V1;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.ServiceDefaults.Messaging;
using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Demo;

/// <summary>
/// The city office's supervision (督查): the demo's joint task in this year's figures, then a simulated 2022 — the seed's
/// year — sent over RabbitMQ as the tasks service reports its work (<see cref="YearSimulator"/>), read back as the
/// year's targets and the monthly report forms; and the audit trail of the joint task, every step with its actor.
/// </summary>
public sealed class SupervisionDemo(GrpcChannel channel, Func<string, string, Metadata> caller)
{
    private readonly Supervision.SupervisionClient supervision = new(channel);
    private Metadata Office => caller(DemoData.Office, Roles.Supervisor);

    public async Task RunAsync(string leadDepartment, string taskId)
    {
        Console.WriteLine();
        Console.WriteLine("Supervision (督查) by the city office:");
        var year = DateTime.UtcNow.AddHours(8).Year;
        try
        {
            await supervision.GetTargetsAsync(new GetTargetsRequest { Subject = DemoData.Office, Year = year }, Office);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            // Departments reach the supervision service as the directories publish them; an instance whose departments
            // were created before the service existed never told it.
            Console.WriteLine($"  skipped: the supervision service has not heard of the departments ({e.Status.Detail}); this instance predates it — start a fresh one to see supervision");
            return;
        }
        var live = await Patience.Until(() => supervision.GetTargetsAsync(new GetTargetsRequest { Subject = leadDepartment, Year = year }, Office).ResponseAsync,
            t => t.Figures.Single(f => f.Code == "published_on_time").Denominator > 0, $"{leadDepartment}'s figures at the supervision service");
        Console.WriteLine($"  {live.SubjectName} {year}: " + string.Join("; ", live.Figures.Where(f => f.Denominator > 0).Select(f => $"{f.Name} {f.Numerator}/{f.Denominator}")));

        var simulated = new YearSimulator(await CalendarAsync());
        var (_, inspections) = simulated.Figure("region:130300", 1, 12, "problem_discovery");
        var city = new GetTargetsRequest { Subject = "region:130300", Year = simulated.Year };
        if ((await supervision.GetTargetsAsync(city, Office)).Figures.Single(f => f.Code == "problem_discovery").Denominator != inspections)
        {
            Console.WriteLine($"  sending a simulated {simulated.Year} ({simulated.Messages.Count:N0} progress messages of plans, tasks, results, return visits) over RabbitMQ …");
            await PublishAsync(simulated.Messages.Where(m => m is not DepartmentChanged)); // the directories already told of the departments
        }
        var targets = await Patience.Until(() => supervision.GetTargetsAsync(city, Office).ResponseAsync,
            t => t.Figures.Single(f => f.Code == "problem_discovery").Denominator == inspections, $"the simulated {simulated.Year}", seconds: 180);
        Console.WriteLine($"  {targets.SubjectName} {simulated.Year} (simulated), year's targets:");
        foreach (var f in targets.Figures)
            Console.WriteLine($"    {f.Name,-14} {f.Numerator,6}/{f.Denominator,-6} {f.Ratio * 100,5:0.0}%" + (f.Target > 0 ? $"  目标≥{f.Target * 100:0}%{(f.BelowTarget ? "  未达标" : "")}" : ""));
        var report = await supervision.GetReportAsync(new GetReportRequest { Subject = "region:130302", Period = $"{simulated.Year}-05" }, Office);
        Console.WriteLine($"  {report.Title}: " + string.Join("; ", report.Lines.Take(6).Select(l => $"{l.Label} {l.PeriodValue}/{l.YearValue}")) + " …");

        // The audit trail: every step of the joint task with who took it (reading it is itself recorded).
        var history = await new Shuangsuiji.Api.Audit.V1.AuditTrail.AuditTrailClient(channel).GetHistoryAsync(
            new GetHistoryRequest { Service = "tasks", StreamId = $"task:{taskId}" }, Office);
        Console.WriteLine($"  audit trail of task:{taskId} ({history.Events.Count} events; check every store's hash chains with infra/dev.sh audit-verify):");
        foreach (var e in history.Events)
            Console.WriteLine($"    v{e.Version,-3} {e.At.ToDateTimeOffset().ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm:ss}  {e.Kind,-32} {e.Actor} ({e.Department}, {e.Role})"
                              + (e.Reason == "" ? "" : $"  理由：{e.Reason}"));
    }

    /// <summary>The working days of the holiday notices the platform holds, read as any client reads them.</summary>
    private async Task<WorkingDayCalendar> CalendarAsync()
    {
        static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var notices = await new HolidayCalendar.HolidayCalendarClient(channel).ListHolidayNoticesAsync(new ListHolidayNoticesRequest());
        return notices.Years.Aggregate(WorkingDayCalendar.Empty, (calendar, y) => calendar.With(y.Year,
            y.Notice.Holidays.SelectMany(h => WorkingDayCalendar.Days(Date(h.From), Date(h.To))), y.Notice.Workdays.Select(w => Date(w.Date))));
    }

    private static async Task PublishAsync(IEnumerable<object> messages)
    {
        var env = (string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback;
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(new Uri($"amqp://{env("SSYG_AMQP_USER", "ssyg")}:{env("SSYG_AMQP_PASSWORD", "ssyg-dev")}@127.0.0.1:{env("SSYG_AMQP_PORT", "55672")}/"));
            rabbit.UseCompactJson(); // as the services publish
        });
        await bus.StartAsync();
        try
        {
            foreach (var message in messages) await bus.Publish(message, message.GetType());
        }
        finally
        {
            await bus.StopAsync();
        }
    }
}
