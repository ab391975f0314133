using Grpc.Core;
using Marten;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Tasks.Forms;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.Results;
using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;
using Proto = Shuangsuiji.Api.Tasks.V1;

namespace Shuangsuiji.Tasks;

public sealed partial class TasksApi
{
    public override Task<Proto.EntityResult> SaveResultDraft(Proto.ResultEntryRequest r, ServerCallContext call)
    {
        var draft = ToEntry(r.Entry);
        return ChangeResult(r.TaskId, r.DepartmentId, r.Uscc, Expected(r.HasExpectedVersion, r.ExpectedVersion), call,
            (result, task, ctx) => ResultDecider.SaveDraft(result, task, r.DepartmentId, r.Uscc, draft, ctx));
    }

    public override async Task<Proto.EntityResult> SubmitResult(Proto.ResultEntryRequest r, ServerCallContext call)
    {
        var entry = ToEntry(r.Entry);
        InspectorTeam? team;
        await using (var query = store.QuerySession())
            team = await query.LoadAsync<InspectorTeam>(InspectorTeam.Key(r.TaskId, r.DepartmentId, r.Uscc), call.CancellationToken);
        return await ChangeResult(r.TaskId, r.DepartmentId, r.Uscc, Expected(r.HasExpectedVersion, r.ExpectedVersion), call,
            (result, task, ctx) => ResultDecider.Submit(result, task, r.DepartmentId, r.Uscc, entry, team?.InspectorIds, ctx));
    }

    public override Task<Proto.EntityResult> ApproveResult(Proto.ResultCommandRequest r, ServerCallContext call) =>
        ChangeResult(r.TaskId, r.DepartmentId, r.Uscc, Expected(r.HasExpectedVersion, r.ExpectedVersion), call, ResultDecider.Approve);

    public override Task<Proto.EntityResult> ReturnResult(Proto.ReturnResultRequest r, ServerCallContext call) =>
        ChangeResult(r.TaskId, r.DepartmentId, r.Uscc, Expected(r.HasExpectedVersion, r.ExpectedVersion), call,
            (result, task, ctx) => ResultDecider.Return(result, task, r.Comment, ctx));

    public override Task<Proto.EntityResult> RecordFollowUp(Proto.RecordFollowUpRequest r, ServerCallContext call)
    {
        var a = r.Action ?? throw new InvalidFieldException("action", "is required", "必填", Reasons.FieldRequired);
        var action = new FollowUpAction(FromProto<FollowUpKind>(a.Kind, "action.kind"), a.Target, Require.Date(a.On, "action.on"), a.Reason, a.Serious);
        return ChangeResult(r.TaskId, r.DepartmentId, r.Uscc, Expected(r.HasExpectedVersion, r.ExpectedVersion), call,
            (result, task, ctx) => ResultDecider.RecordFollowUp(result, task, action, ctx));
    }

    public override Task<Proto.EntityResult> RecordCorrection(Proto.RecordCorrectionRequest r, ServerCallContext call)
    {
        var correctedOn = Require.Date(r.CorrectedOn, "corrected_on");
        return ChangeResult(r.TaskId, r.DepartmentId, r.Uscc, Expected(r.HasExpectedVersion, r.ExpectedVersion), call,
            (result, task, ctx) => ResultDecider.RecordCorrection(result, task, correctedOn, r.Note, ctx));
    }

    public override Task<Proto.EntityResult> RecordAbnormalListing(Proto.RecordAbnormalListingRequest r, ServerCallContext call)
    {
        var listedOn = Require.Date(r.ListedOn, "listed_on");
        return ChangeResult(r.TaskId, r.DepartmentId, r.Uscc, Expected(r.HasExpectedVersion, r.ExpectedVersion), call,
            (result, task, ctx) => ResultDecider.RecordAbnormalListing(result, task, listedOn, r.DecisionNo, ctx));
    }

    public override Task<Proto.EntityResult> CloseResultFollowUp(Proto.CloseResultFollowUpRequest r, ServerCallContext call)
    {
        var closedOn = Require.Date(r.ClosedOn, "closed_on");
        return ChangeResult(r.TaskId, r.DepartmentId, r.Uscc, Expected(r.HasExpectedVersion, r.ExpectedVersion), call,
            (result, task, ctx) => ResultDecider.CloseFollowUp(result, task, closedOn, ctx));
    }

    /// <summary>谁检查、谁录入: a department's results, drafts and the reviewers' comments are its own, read by the departments above it and its region's office.</summary>
    public override async Task<Proto.ListResultsResponse> ListResults(Proto.ListResultsRequest r, ServerCallContext call)
    {
        var taskId = Require.Code(r.TaskId, "task_id");
        var departmentId = Require.Code(r.DepartmentId, "department_id");
        await using var query = store.QuerySession();
        await MayReadAsync(query, call.Caller(), departmentId, "the results", call.CancellationToken);
        var results = await query.Query<EntityResult>().Where(x => x.TaskId == taskId && x.DepartmentId == departmentId).ToListAsync(call.CancellationToken);
        return new Proto.ListResultsResponse { Results = { results.OrderBy(x => x.Uscc, StringComparer.Ordinal).Select(ToProto) } };
    }

    /// <summary>A decision on one department's result for one entity, taken against the task as it stands.</summary>
    private async Task<Proto.EntityResult> ChangeResult(
        string taskId, string departmentId, string uscc, long? expectedVersion, ServerCallContext call,
        Func<EntityResult?, InspectionTask?, CommandContext, IReadOnlyList<object>> decide)
    {
        var resultId = EntityResult.IdOf(Require.Code(taskId, "task_id"), Require.Code(departmentId, "department_id"), Require.Code(uscc, "uscc"));
        return ToProto(await commands.Run<EntityResult, InspectionTask?>(call, EntityResult.StreamId(resultId), expectedVersion,
            (session, _, ct) => snapshots.LoadAsync(session, taskId, ct), decide));
    }

    private static ResultEntry ToEntry(Proto.ResultEntry? e) => e is null
        ? new ResultEntry([], [], [], [], [], [], [], [])
        : new ResultEntry(
            [.. e.CheckDates.Select((d, i) => Require.Date(d, $"check_dates[{i}]"))],
            [.. e.Methods.Select((m, i) => FromProto<CheckMethod>(m, $"methods[{i}]"))],
            [.. e.Categories.Select((c, i) => FromProto<ResultCategory>(c, $"categories[{i}]"))],
            [.. e.PendingReasons.Select((p, i) => FromProto<PendingReason>(p, $"pending_reasons[{i}]"))],
            [.. e.Items.Select(o => new ItemOutcome(o.ItemId, o.Checked, o.ProblemFound, o.Action))],
            [.. e.Attachments.Select(a => new AttachmentRef(a.Sha256, a.FileName, a.MediaType))],
            [.. e.InspectorIds],
            [.. e.FormValues.Select(v => new FormValue(v.FormId, v.Key, [.. v.Values]))]);

    private static Proto.ItemOutcome ToProto(ItemOutcome o) =>
        new() { ItemId = o.ItemId, Checked = o.Checked, ProblemFound = o.ProblemFound, Action = o.Action ?? "" };

    /// <summary>The deadlines by the calendar as the service holds it now, each marked when provisional.</summary>
    private Proto.EntityResult ToProto(EntityResult r)
    {
        var checkedOn = r.Entry.CheckEndedOn;
        var due = checkedOn is { } c ? calendar.Current.ResultsDue(c) : (Deadline?)null;
        var listing = checkedOn is { } u && r.Entry.FoundUnreachable ? calendar.Current.AbnormalListingDue(u) : (Deadline?)null;
        return ToProto(r, due, listing);
    }

    private static Proto.EntityResult ToProto(EntityResult r, Deadline? due, Deadline? listing) => new()
    {
        ResultId = r.ResultId,
        TaskId = r.TaskId,
        DepartmentId = r.DepartmentId,
        Uscc = r.Uscc,
        Status = ToProto<ResultStatus, Proto.ResultStatus>(r.Status),
        Entry = new Proto.ResultEntry
        {
            CheckDates = { r.Entry.CheckDates.Select(d => Date(d)) },
            Methods = { r.Entry.Methods.Select(ToProto<CheckMethod, Proto.CheckMethod>) },
            Categories = { r.Entry.Categories.Select(ToProto<ResultCategory, Proto.ResultCategory>) },
            PendingReasons = { r.Entry.PendingReasons.Select(ToProto<PendingReason, Proto.PendingReason>) },
            Items = { r.Entry.Items.Select(ToProto) },
            Attachments = { r.Entry.Attachments.Select(a => new Proto.Attachment { Sha256 = a.Sha256, FileName = a.FileName, MediaType = a.MediaType }) },
            InspectorIds = { r.Entry.InspectorIds },
            FormValues = { r.Entry.FormValues.Select(v => new Proto.FormValue { FormId = v.FormId, Key = v.Key, Values = { v.Values } }) },
        },
        ReturnComment = r.ReturnComment ?? "",
        ResultsDue = Date(due?.On),
        ResultsDueProvisional = due?.Provisional ?? false,
        AbnormalListingDue = Date(listing?.On),
        AbnormalListingDueProvisional = listing?.Provisional ?? false,
        FollowUps =
        {
            r.FollowUps.Select(a => new Proto.FollowUpAction
            {
                Kind = ToProto<FollowUpKind, Proto.FollowUpKind>(a.Kind), Target = a.Target ?? "", On = Date(a.On), Reason = a.Reason, Serious = a.Serious,
            }),
        },
        CorrectedOn = Date(r.CorrectedOn),
        FollowUpClosedOn = Date(r.FollowUpClosedOn),
        AbnormalListedOn = Date(r.AbnormalListedOn),
        AbnormalListingDecisionNo = r.AbnormalListingDecisionNo ?? "",
        AbnormalListingOverdueOn = Date(r.AbnormalListingOverdueOn),
        Version = r.Version,
    };
}
