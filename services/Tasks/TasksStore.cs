using JasperFx.Events.Projections;
using Marten;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.Tasks.Dispatches;
using Shuangsuiji.Tasks.Forms;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.OpenWork;
using Shuangsuiji.Tasks.Plans;
using Shuangsuiji.Tasks.Results;
using Shuangsuiji.Tasks.ReturnVisits;

namespace Shuangsuiji.Tasks;

public static class TasksStore
{
    // A task's and a result's events, with their stored names; the open work's projection reads them too.
    private static readonly (Type Event, string StoredName)[] TaskEvents =
    [
        (typeof(TaskCreated), "task_created"),
        (typeof(PartnerInvited), "partner_invited"),
        (typeof(InvitationAccepted), "invitation_accepted"),
        (typeof(InvitationDeclined), "invitation_declined"),
        (typeof(TaskApproved), "task_approved"),
        (typeof(PartnersConfirmed), "partners_confirmed"),
        (typeof(EntitiesDrawn), "entities_drawn"),
        (typeof(DepartmentInspectorsMatched), "department_inspectors_matched"),
        (typeof(ChecksStarted), "checks_started"),
        (typeof(DepartmentResultsEntered), "department_results_entered"),
        (typeof(DepartmentResultsReviewed), "department_results_reviewed"),
        (typeof(DepartmentResultsPublished), "department_results_published"),
        (typeof(DepartmentFollowUpClosed), "department_follow_up_closed"),
        (typeof(TaskClosed), "task_closed"),
        (typeof(ResultsOverdue), "results_overdue"),
        (typeof(TaskDeadlineMoved), "task_deadline_moved"),
    ];

    private static readonly (Type Event, string StoredName)[] ResultEvents =
    [
        (typeof(ResultDraftSaved), "result_draft_saved"),
        (typeof(ResultSubmitted), "result_submitted"),
        (typeof(ResultApproved), "result_approved"),
        (typeof(ResultReturned), "result_returned"),
        (typeof(FollowUpRecorded), "follow_up_recorded"),
        (typeof(CorrectionRecorded), "correction_recorded"),
        (typeof(FollowUpClosed), "follow_up_closed"),
        (typeof(AbnormalListingRecorded), "abnormal_listing_recorded"),
        (typeof(AbnormalListingOverdue), "abnormal_listing_overdue"),
        (typeof(ResultDeadlineMoved), "result_deadline_moved"),
    ];

    public static void Configure(StoreOptions options)
    {
        // Stored names are part of the event log: never rename them, add new ones instead.
        options.AddAggregate<AnnualPlan>(
            (typeof(PlanDrafted), "plan_drafted"),
            (typeof(PlanRevised), "plan_revised"),
            (typeof(PlanApproved), "plan_approved"),
            (typeof(PlanPublished), "plan_published"),
            (typeof(PlanAdjustmentStarted), "plan_adjustment_started"),
            (typeof(PlanFiled), "plan_filed"),
            (typeof(PlanFilingAcknowledged), "plan_filing_acknowledged"));
        options.AddAggregate<InspectionTask>(TaskEvents);
        options.AddAggregate<EntityResult>(ResultEvents);
        options.AddAggregate<ReturnVisit>(
            (typeof(ReturnVisitPlanned), "return_visit_planned"),
            (typeof(ReturnVisitDrawn), "return_visit_drawn"),
            (typeof(EntityVisited), "entity_visited"),
            (typeof(ReturnVisitClosed), "return_visit_closed"));
        options.AddAggregate<UnrecordedDraw>((typeof(DrawNotRecordedOnTask), "draw_not_recorded"));
        options.AddAggregate<Dispatch>(
            (typeof(DispatchSent), "dispatch_sent"),
            (typeof(DispatchReceived), "dispatch_received"));
        options.Schema.For<AnnualPlan>().Index(p => p.DepartmentId);
        options.Schema.For<ReturnVisit>().Index(v => v.OfficeId);
        options.Schema.For<Dispatch>().Index(d => d.DepartmentId);
        options.Schema.For<EntityResult>().Index(r => r.TaskId);
        options.Schema.For<InspectorTeam>().Index(t => t.TaskId);
        options.Schema.For<KnownForm>().Index(f => f.Form.ItemId);
        options.Projections.Add(new OpenWorkProjection(new WorkTable(options.DatabaseSchemaName),
            TaskEvents.Select(e => e.Event).ToHashSet(), ResultEvents.Select(e => e.Event).ToHashSet()), ProjectionLifecycle.Inline);
    }
}
