using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Shuangsuiji.Api.Tasks.V1;

namespace Shuangsuiji.Gateway.Api;

/// <summary>Plans, joint tasks and results, for authenticated callers; the tasks service scopes each call to the caller's department.</summary>
[Authorize]
public sealed class TasksGateway(Tasks.TasksClient tasks) : Tasks.TasksBase
{
    public override Task<Plan> DraftPlan(DraftPlanRequest request, ServerCallContext context) =>
        tasks.DraftPlanAsync(request).ResponseAsync;

    public override Task<Plan> RevisePlan(RevisePlanRequest request, ServerCallContext context) =>
        tasks.RevisePlanAsync(request).ResponseAsync;

    public override Task<Plan> ApprovePlan(PlanCommandRequest request, ServerCallContext context) =>
        tasks.ApprovePlanAsync(request).ResponseAsync;

    public override Task<Plan> PublishPlan(PlanCommandRequest request, ServerCallContext context) =>
        tasks.PublishPlanAsync(request).ResponseAsync;

    public override Task<Plan> StartPlanAdjustment(StartPlanAdjustmentRequest request, ServerCallContext context) =>
        tasks.StartPlanAdjustmentAsync(request).ResponseAsync;

    public override Task<Plan> GetPlan(GetPlanRequest request, ServerCallContext context) =>
        tasks.GetPlanAsync(request).ResponseAsync;

    public override Task<ListPlansResponse> ListPlans(ListPlansRequest request, ServerCallContext context) =>
        tasks.ListPlansAsync(request).ResponseAsync;

    public override Task<ProposeJointTasksResponse> ProposeJointTasks(ProposeJointTasksRequest request, ServerCallContext context) =>
        tasks.ProposeJointTasksAsync(request).ResponseAsync;

    public override Task<InspectionTask> CreateTaskFromPlan(CreateTaskFromPlanRequest request, ServerCallContext context) =>
        tasks.CreateTaskFromPlanAsync(request).ResponseAsync;

    public override Task<InspectionTask> CreateTask(CreateTaskRequest request, ServerCallContext context) =>
        tasks.CreateTaskAsync(request).ResponseAsync;

    public override Task<InspectionTask> InviteDepartment(InviteDepartmentRequest request, ServerCallContext context) =>
        tasks.InviteDepartmentAsync(request).ResponseAsync;

    public override Task<InspectionTask> AcceptInvitation(InvitationRequest request, ServerCallContext context) =>
        tasks.AcceptInvitationAsync(request).ResponseAsync;

    public override Task<InspectionTask> DeclineInvitation(DeclineInvitationRequest request, ServerCallContext context) =>
        tasks.DeclineInvitationAsync(request).ResponseAsync;

    public override Task<InspectionTask> ApproveTask(TaskCommandRequest request, ServerCallContext context) =>
        tasks.ApproveTaskAsync(request).ResponseAsync;

    public override Task<InspectionTask> ConfirmPartners(TaskCommandRequest request, ServerCallContext context) =>
        tasks.ConfirmPartnersAsync(request).ResponseAsync;

    [Obsolete("a department's match is recorded when the draw engine's teams arrive")]
    public override Task<InspectionTask> RecordMatch(RecordMatchRequest request, ServerCallContext context) =>
        tasks.RecordMatchAsync(request).ResponseAsync;

    public override Task<Shuangsuiji.Api.Draws.V1.Draw> PrepareDraw(Shuangsuiji.Api.Draws.V1.PrepareDrawRequest request, ServerCallContext context) =>
        tasks.PrepareDrawAsync(request).ResponseAsync;

    public override Task<Shuangsuiji.Api.Draws.V1.Draw> ExecuteDraw(ExecuteTaskDrawRequest request, ServerCallContext context) =>
        tasks.ExecuteDrawAsync(request).ResponseAsync;

    public override Task<DrawTerms> CheckDraw(Shuangsuiji.Api.Draws.V1.PrepareDrawRequest request, ServerCallContext context) =>
        tasks.CheckDrawAsync(request).ResponseAsync;

    public override Task<InspectionTask> StartChecks(TaskCommandRequest request, ServerCallContext context) =>
        tasks.StartChecksAsync(request).ResponseAsync;

    public override Task<InspectionTask> CompleteEntry(DepartmentStepRequest request, ServerCallContext context) =>
        tasks.CompleteEntryAsync(request).ResponseAsync;

    public override Task<InspectionTask> CompleteReview(DepartmentStepRequest request, ServerCallContext context) =>
        tasks.CompleteReviewAsync(request).ResponseAsync;

    public override Task<InspectionTask> PublishResults(DepartmentStepRequest request, ServerCallContext context) =>
        tasks.PublishResultsAsync(request).ResponseAsync;

    public override Task<InspectionTask> CloseFollowUp(DepartmentStepRequest request, ServerCallContext context) =>
        tasks.CloseFollowUpAsync(request).ResponseAsync;

    public override Task<InspectionTask> CloseTask(CloseTaskRequest request, ServerCallContext context) =>
        tasks.CloseTaskAsync(request).ResponseAsync;

    public override Task<InspectionTask> GetTask(GetTaskRequest request, ServerCallContext context) =>
        tasks.GetTaskAsync(request).ResponseAsync;

    public override Task<ListTasksResponse> ListTasks(ListTasksRequest request, ServerCallContext context) =>
        tasks.ListTasksAsync(request).ResponseAsync;

    public override Task<EntityResult> SaveResultDraft(ResultEntryRequest request, ServerCallContext context) =>
        tasks.SaveResultDraftAsync(request).ResponseAsync;

    public override Task<EntityResult> SubmitResult(ResultEntryRequest request, ServerCallContext context) =>
        tasks.SubmitResultAsync(request).ResponseAsync;

    public override Task<EntityResult> ApproveResult(ResultCommandRequest request, ServerCallContext context) =>
        tasks.ApproveResultAsync(request).ResponseAsync;

    public override Task<EntityResult> ReturnResult(ReturnResultRequest request, ServerCallContext context) =>
        tasks.ReturnResultAsync(request).ResponseAsync;

    public override Task<EntityResult> RecordFollowUp(RecordFollowUpRequest request, ServerCallContext context) =>
        tasks.RecordFollowUpAsync(request).ResponseAsync;

    public override Task<EntityResult> RecordCorrection(RecordCorrectionRequest request, ServerCallContext context) =>
        tasks.RecordCorrectionAsync(request).ResponseAsync;

    public override Task<EntityResult> CloseResultFollowUp(CloseResultFollowUpRequest request, ServerCallContext context) =>
        tasks.CloseResultFollowUpAsync(request).ResponseAsync;

    public override Task<ListResultsResponse> ListResults(ListResultsRequest request, ServerCallContext context) =>
        tasks.ListResultsAsync(request).ResponseAsync;

    public override Task<EntityResult> RecordAbnormalListing(RecordAbnormalListingRequest request, ServerCallContext context) =>
        tasks.RecordAbnormalListingAsync(request).ResponseAsync;

    public override Task<CheckRecord> GetCheckRecord(GetCheckRecordRequest request, ServerCallContext context) =>
        tasks.GetCheckRecordAsync(request).ResponseAsync;

    public override Task<ReturnVisit> PlanReturnVisit(PlanReturnVisitRequest request, ServerCallContext context) =>
        tasks.PlanReturnVisitAsync(request).ResponseAsync;

    public override Task<ReturnVisit> RecordVisit(RecordVisitRequest request, ServerCallContext context) =>
        tasks.RecordVisitAsync(request).ResponseAsync;

    public override Task<ReturnVisit> CloseReturnVisit(CloseReturnVisitRequest request, ServerCallContext context) =>
        tasks.CloseReturnVisitAsync(request).ResponseAsync;

    public override Task<ReturnVisit> GetReturnVisit(GetReturnVisitRequest request, ServerCallContext context) =>
        tasks.GetReturnVisitAsync(request).ResponseAsync;

    public override Task<ListReturnVisitsResponse> ListReturnVisits(ListReturnVisitsRequest request, ServerCallContext context) =>
        tasks.ListReturnVisitsAsync(request).ResponseAsync;
}
