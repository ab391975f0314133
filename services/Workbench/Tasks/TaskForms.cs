using System.Globalization;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Workbench.Platform;

namespace Shuangsuiji.Workbench.Tasks;

/// <summary>A command posted by a form: its request id was made when the page was shown, so sending it twice takes effect once.</summary>
public class CommandForm
{
    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");

    /// <summary>A refused command changed nothing: the corrected one is a new command.</summary>
    public void Renew() => RequestId = Guid.NewGuid().ToString("N");

    /// <summary>Sends the form's command under its request id: null when it was taken, else the service's refusal (and a new id for the retry).</summary>
    public async Task<ServiceError?> SendAsync(Func<Grpc.Core.CallOptions, Task> send, CancellationToken ct)
    {
        try
        {
            await send(GatewayClients.Command(RequestId, ct));
            return null;
        }
        catch (Grpc.Core.RpcException e)
        {
            Renew();
            return ServiceError.Of(e);
        }
    }
}

/// <summary>A task outside the annual plan, as its form posts it; the items and entity types come as repeated fields.</summary>
public class NewTaskForm : CommandForm
{
    public string TaskId { get; set; } = "";
    public string? Name { get; set; }
    public string? Divisions { get; set; }
    public string? Industries { get; set; }
    public string? Tags { get; set; }
    public string? SubLibraries { get; set; }
    public string? QuotaA { get; set; }
    public string? QuotaB { get; set; }
    public string? QuotaC { get; set; }
    public string? QuotaD { get; set; }
    public string? CheckFrom { get; set; }
    public string? CheckTo { get; set; }
    public string? Reason { get; set; }

    public static readonly string[] RiskClasses = ["A", "B", "C", "D"];

    public string? Quota(string riskClass) => riskClass switch { "A" => QuotaA, "B" => QuotaB, "C" => QuotaC, _ => QuotaD };

    public CreateTaskRequest Request(string department, IEnumerable<string> items, IEnumerable<string> entityTypes) => new()
    {
        TaskId = TaskId, DepartmentId = department, Name = Name ?? "", Items = { items },
        Scope = new PlanScope
        {
            Divisions = { Words(Divisions) }, Industries = { Words(Industries) }, EntityTypes = { entityTypes },
            Tags = { Words(Tags) }, SubLibraries = { Words(SubLibraries) },
        },
        Quotas = { RiskClasses.Select(c => (c, Quota(c)?.Trim() ?? "")).Where(q => q.Item2.Length > 0).Select(q => Parse(q.c, q.Item2)) },
        CheckFrom = CheckFrom ?? "", CheckTo = CheckTo ?? "", Reason = Reason ?? "",
    };

    /// <summary>Codes separated as people type them: spaces, commas, 、 or ；.</summary>
    public static IEnumerable<string> Words(string? text) =>
        (text ?? "").Split([' ', ',', '，', '、', ';', '；', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>"5" is five entities, "10%" ten per cent; anything else goes to the service as it is, which names the field.</summary>
    private static RiskQuota Parse(string riskClass, string size) =>
        size.TrimEnd('%', '％') is var number && number.Length < size.Length
            ? new RiskQuota { RiskClass = riskClass, Percent = double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p : -1 }
            : new RiskQuota { RiskClass = riskClass, Count = int.TryParse(size, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1 };

    /// <summary>A task id people can read: the department, the day and a random tail.</summary>
    public static string NewId(string department, DateOnly today) =>
        $"{department}-{today:yyyyMMdd}-{Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}";
}

/// <summary>A task made from a planned task of the department's published plan: "year/code".</summary>
public sealed class FromPlanForm : CommandForm
{
    public string TaskId { get; set; } = "";
    public string? Planned { get; set; }
}

/// <summary>The lead's invitation of a department with the items it will check (codes of its own list).</summary>
public sealed class InviteForm : CommandForm
{
    public string? DepartmentId { get; set; }
    public string? Items { get; set; }

    /// <summary>"HBSC-001" in the invited department's list is "department:HBSC-001".</summary>
    public IEnumerable<string> ItemIds(string department) =>
        NewTaskForm.Words(Items).Select(code => code.Contains(':') ? code : $"{department}:{code}");
}
