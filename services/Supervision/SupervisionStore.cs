using Marten;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.Supervision.Activity;
using Shuangsuiji.Supervision.Alerts;
using Shuangsuiji.Supervision.Checkpoints;
using Shuangsuiji.Supervision.Coverage;
using Shuangsuiji.Supervision.KeySupervision;
using Shuangsuiji.Supervision.Reports;
using Shuangsuiji.Supervision.SpecialInspections;
using Shuangsuiji.Supervision.Training;

namespace Shuangsuiji.Supervision;

public static class SupervisionStore
{
    public static void Configure(StoreOptions options)
    {
        // What the other services report: the newest state of each record; racing consumers retry instead of overwriting.
        options.Schema.For<KeptDepartment>().UseOptimisticConcurrency(true);
        options.Schema.For<KeptTask>().Index(t => t.Year).UseOptimisticConcurrency(true);
        options.Schema.For<KeptResult>().Index(r => r.Year).Index(r => r.PublishedYear).UseOptimisticConcurrency(true);
        options.Schema.For<KeptVisit>().Index(v => v.Year).UseOptimisticConcurrency(true);
        options.Schema.For<KeptPlan>().Index(p => p.Year).UseOptimisticConcurrency(true);
        options.Schema.For<KeptUnrecordedDraw>().Index(d => d.Year).UseOptimisticConcurrency(true);
        options.Schema.For<ListedItem>().Index(i => i.DepartmentId).UseOptimisticConcurrency(true);
        options.Schema.For<RiskRise>().UseOptimisticConcurrency(true);

        // The office's own records. Stored names are part of the event log: never rename them, add new ones instead.
        options.AddAggregate<ReportSubmission>((typeof(ReportConfirmed), "report_confirmed"), (typeof(SummaryWritten), "summary_written"),
            (typeof(SummaryAccepted), "summary_accepted"));
        options.AddAggregate<Alert>((typeof(AlertRaised), "alert_raised"), (typeof(AlertCleared), "alert_cleared"));
        options.Schema.For<Alert>().Index(a => a.DepartmentId).Index(a => a.Year);
        options.AddAggregate<CheckpointLog>((typeof(CheckpointSigned), "checkpoint_signed"));
        options.AddAggregate<TrainingPlan>((typeof(TrainingSessionScheduled), "training_session_scheduled"), (typeof(AttendanceRecorded), "attendance_recorded"));
        options.AddAggregate<SpecialInspection>((typeof(SpecialInspectionOpened), "special_inspection_opened"), (typeof(FindingRecorded), "finding_recorded"),
            (typeof(SpecialInspectionClosed), "special_inspection_closed"), (typeof(CircularDrafted), "circular_drafted"),
            (typeof(CircularPublished), "circular_published"));
    }
}
