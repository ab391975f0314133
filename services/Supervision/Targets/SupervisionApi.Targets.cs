using Google.Api;
using Google.Protobuf;
using Grpc.Core;
using Marten;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Supervision.Activity;
using Shuangsuiji.Supervision.Targets;
using Proto = Shuangsuiji.Api.Supervision.V1;

namespace Shuangsuiji.Supervision;

public sealed partial class SupervisionApi
{
    public override async Task<Proto.Targets> GetTargets(Proto.GetTargetsRequest r, ServerCallContext call)
    {
        var period = Period.Of(r.Year, r.Month);
        var (activity, scope) = await ReadAsync(r.Subject, r.Year, call);
        return new Proto.Targets
        {
            Subject = scope.Subject, SubjectName = scope.Name, Year = r.Year, Month = r.Month,
            Figures = { Figures.Measure(activity, scope, period).Select(ToProto) },
        };
    }

    public override async Task<Proto.DrillDownResponse> DrillDown(Proto.DrillDownRequest r, ServerCallContext call)
    {
        var period = Period.Of(r.Year, r.Month);
        var (activity, scope) = await ReadAsync(r.Subject, r.Year, call);
        var figure = Figures.Measure(activity, scope, period, r.Figure.Trim());
        return new Proto.DrillDownResponse
        {
            Figure = ToProto(figure),
            Records = { figure.Records.Select(c => new Proto.Contribution { RecordId = c.RecordId, Name = c.Name, Numerator = c.Numerator, Denominator = c.Denominator }) },
        };
    }

    /// <summary>Every city department (a county office: county department) with a plan or a task that year, in the order of their ids.</summary>
    public override async Task<HttpBody> GetTargetsChart(Proto.GetTargetsChartRequest r, ServerCallContext call)
    {
        OfficeOnly(call.Caller(), "read every department's targets");
        var period = Period.Of(r.Year, 0);
        await using var query = store.QuerySession();
        var activity = await YearActivities.LoadAsync(query, r.Year, call.CancellationToken);
        var active = activity.Plans.Select(p => p.DepartmentId).Concat(activity.Tasks.SelectMany(Figures.Inspecting)).ToHashSet();
        // The city office charts the city departments; a county's office the departments of its county.
        var supervised = Supervised(call.Caller(), activity.Departments);
        var level = activity.Departments.FirstOrDefault(d => d.Id == call.Caller().DepartmentId)?.Level == "county" ? "county" : "city";
        var rows = activity.Departments.Where(d => d.Level == level && active.Contains(d.Id) && supervised(d.Id)).OrderBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => new TargetsChart.Row(d.Name, Figures.Measure(activity, Scope.Of(d), period)))
            .ToList();
        return new HttpBody { ContentType = "image/svg+xml", Data = ByteString.CopyFromUtf8(TargetsChart.Svg(r.Year, rows)) };
    }

    private static Proto.Figure ToProto(Figure f) => new()
    {
        Code = f.Code, Name = f.Name, Numerator = f.Numerator, Denominator = f.Denominator, Ratio = f.Ratio, Target = f.Target ?? 0, BelowTarget = f.BelowTarget,
    };
}
