using Google.Api;
using Google.Protobuf;
using Grpc.Core;
using Marten;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Supervision.Activity;
using Shuangsuiji.Supervision.Reports;
using Shuangsuiji.Supervision.Targets;
using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;
using Proto = Shuangsuiji.Api.Supervision.V1;

namespace Shuangsuiji.Supervision;

public sealed partial class SupervisionApi
{
    public override async Task<Proto.Report> GetReport(Proto.GetReportRequest r, ServerCallContext call) =>
        ToProto(await ReportAsync(r.Subject, r.Period, call), calendar.Current);

    public override async Task<HttpBody> DownloadReport(Proto.DownloadReportRequest r, ServerCallContext call)
    {
        var report = await ReportAsync(r.Subject, r.Period, call);
        return r.Format.Trim().ToLowerInvariant() switch
        {
            "" or "xlsx" => new HttpBody
            {
                ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data = ByteString.CopyFrom(ReportFiles.Xlsx(report)),
            },
            "csv" => new HttpBody { ContentType = "text/csv; charset=utf-8", Data = ByteString.CopyFrom(ReportFiles.Csv(report)) },
            "txt" => new HttpBody { ContentType = "text/plain; charset=utf-8", Data = ByteString.CopyFrom(ReportFiles.Text(report)) },
            var other => throw new InvalidFieldException("format", $"{other} is not xlsx, csv or txt", $"{other} 不是 xlsx、csv 或 txt"),
        };
    }

    /// <summary>The report is generated from the records as they are now, and its lines are kept as confirmed.</summary>
    public override Task<Proto.Report> ConfirmReport(Proto.ConfirmReportRequest r, ServerCallContext call) =>
        ReportCommand(r.Subject, r.Period, call, (state, report, counties, ctx) => ReportDecider.Confirm(state, report, counties, r.Remarks, ctx));

    /// <summary>The text is kept with the figures generated from the records as they are now (the year to date for the year's summary).</summary>
    public override Task<Proto.Report> SubmitSummary(Proto.SubmitSummaryRequest r, ServerCallContext call) =>
        ReportCommand(r.Subject, r.Period, call, (state, report, counties, ctx) => SummaryDecider.Write(state, report, counties, r.Text, ctx));

    /// <summary>A reporting department's command on its report, generated from the records as they are now.</summary>
    private async Task<Proto.Report> ReportCommand(string subject, string periodText, ServerCallContext call,
        Func<ReportSubmission?, Report, IReadOnlySet<string>, CommandContext, IReadOnlyList<object>> decide)
    {
        var period = ReportPeriod.Parse(periodText);
        var (activity, scope) = await ReadAsync(subject, period.Year, call);
        var report = Report.Generate(activity, scope, period, null, calendar.Current);
        var counties = activity.Departments.Where(d => d.Level == "county").Select(d => d.Id).ToHashSet();
        var submission = await Change<ReportSubmission>(ReportSubmission.StreamId(scope.Subject, period.Code), call,
            (state, ctx) => decide(state, report, counties, ctx));
        return ToProto(report with { Lines = submission.Last.Lines, Submission = submission }, calendar.Current);
    }

    /// <summary>Read like the report, so only the office of the subject's region gets this far.</summary>
    public override async Task<Proto.Report> AcceptSummary(Proto.AcceptSummaryRequest r, ServerCallContext call)
    {
        OfficeOnly(call.Caller(), "accept a written summary");
        var report = await ReportAsync(r.Subject, r.Period, call);
        var submission = await Change<ReportSubmission>(ReportSubmission.StreamId(report.Scope.Subject, report.Period.Code), call,
            (state, ctx) => SummaryDecider.Accept(state, report, ctx));
        return ToProto(report with { Lines = submission.Last.Lines, Submission = submission }, calendar.Current);
    }

    /// <summary>
    /// Who reports: every county/district with a county-level department (附件1), and every city department with a
    /// published plan for the year (附件2) — a department without a plan has nothing to report.
    /// </summary>
    public override async Task<Proto.ListSubmissionsResponse> ListSubmissions(Proto.ListSubmissionsRequest r, ServerCallContext call)
    {
        OfficeOnly(call.Caller(), "see who has reported");
        var period = ReportPeriod.Parse(r.Period);
        await using var query = store.QuerySession();
        var known = await query.Query<KeptDepartment>().ToListAsync(call.CancellationToken);
        // An office sees its region's reporters only.
        var supervised = Supervised(call.Caller(), known);
        var departments = known.Where(d => !d.Retired && supervised(d.Id)).ToList();
        var planned = (await query.Query<KeptPlan>().Where(p => p.Year == period.Year).ToListAsync(call.CancellationToken)).Select(p => p.DepartmentId).ToHashSet();
        var subjects = Scope.RegionsOf(departments, "county")
            .Concat(departments.Where(d => d.Level == "city" && planned.Contains(d.Id)).OrderBy(d => d.Id, StringComparer.Ordinal).Select(Scope.Of))
            .ToList();
        var submissions = (await query.LoadManyAsync<ReportSubmission>(call.CancellationToken,
            subjects.Select(s => ReportSubmission.StreamId(s.Subject, period.Code)))).ToDictionary(s => s.Id);
        var due = period.Due(calendar.Current);
        var today = ChinaDate.Of(clock.GetUtcNow());
        return new Proto.ListSubmissionsResponse
        {
            Submissions =
            {
                subjects.Select(s => submissions.GetValueOrDefault(ReportSubmission.StreamId(s.Subject, period.Code)) is { } done
                    ? Submission(s, period, due, done.Late ? "late" : "submitted", done)
                    : Submission(s, period, due, today > due.On ? "overdue" : "pending", null)),
            },
        };
    }

    private static Proto.Submission Submission(Scope scope, ReportPeriod period, Deadline due, string status, ReportSubmission? done) => new()
    {
        Subject = scope.Subject, SubjectName = scope.Name, Form = Report.FormOf(scope, period),
        DueOn = Date(due.On), DueOnProvisional = due.Provisional, Status = status, ConfirmedOn = Date(done?.Last.ConfirmedOn),
        SummaryWritten = done?.Summary is not null, SummaryAccepted = done?.Accepted is not null,
    };

    private async Task<Report> ReportAsync(string subject, string periodText, ServerCallContext call)
    {
        var period = ReportPeriod.Parse(periodText);
        var (activity, scope) = await ReadAsync(subject, period.Year, call);
        await using var query = store.QuerySession();
        var submission = await query.LoadAsync<ReportSubmission>(ReportSubmission.StreamId(scope.Subject, period.Code), call.CancellationToken);
        return Report.Generate(activity, scope, period, submission, calendar.Current);
    }

    private static Proto.Report ToProto(Report report, WorkingDayCalendar calendar) => new()
    {
        Subject = report.Scope.Subject, SubjectName = report.Scope.Name, Form = report.Form, Period = report.Period.Code, Title = report.Title,
        Lines = { report.Lines.Select(l => new Proto.ReportLine { Code = l.Code, Label = l.Label, PeriodValue = l.PeriodValue, YearValue = l.YearValue }) },
        DueOn = Date(report.DueOn),
        DueOnProvisional = report.Period.Due(calendar).Provisional,
        Confirmed = report.Submission is not null,
        ConfirmedOn = Date(report.Submission?.Last.ConfirmedOn),
        ConfirmedBy = report.Submission?.Last.By.UserId ?? "",
        Remarks = report.Submission?.Last.Remarks ?? "",
        Late = report.Submission?.Late ?? false,
        SummaryText = report.Submission?.Summary?.Text ?? "",
        SummaryWrittenOn = Date(report.Submission?.Summary?.WrittenOn),
        SummaryWrittenBy = report.Submission?.Summary?.By.UserId ?? "",
        SummaryVersions = report.Submission?.SummaryVersions ?? 0,
        SummaryAcceptedOn = Date(report.Submission?.Accepted?.AcceptedOn),
        SummaryAcceptedBy = report.Submission?.Accepted?.By.UserId ?? "",
    };
}
