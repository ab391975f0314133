using Google.Api;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Shuangsuiji.Api.Supervision.V1;

namespace Shuangsuiji.Gateway.Api;

/// <summary>Supervision for the city office and the departments: every call needs a token; the service decides who reads what.</summary>
[Authorize]
public sealed class SupervisionGateway(Supervision.SupervisionClient supervision) : Supervision.SupervisionBase
{
    public override Task<Targets> GetTargets(GetTargetsRequest request, ServerCallContext context) => supervision.GetTargetsAsync(request).ResponseAsync;

    public override Task<DrillDownResponse> DrillDown(DrillDownRequest request, ServerCallContext context) => supervision.DrillDownAsync(request).ResponseAsync;

    public override Task<HttpBody> GetTargetsChart(GetTargetsChartRequest request, ServerCallContext context) =>
        supervision.GetTargetsChartAsync(request).ResponseAsync;

    public override Task<Report> GetReport(GetReportRequest request, ServerCallContext context) => supervision.GetReportAsync(request).ResponseAsync;

    public override Task<HttpBody> DownloadReport(DownloadReportRequest request, ServerCallContext context) =>
        supervision.DownloadReportAsync(request).ResponseAsync;

    public override Task<Report> ConfirmReport(ConfirmReportRequest request, ServerCallContext context) => supervision.ConfirmReportAsync(request).ResponseAsync;

    public override Task<ListSubmissionsResponse> ListSubmissions(ListSubmissionsRequest request, ServerCallContext context) =>
        supervision.ListSubmissionsAsync(request).ResponseAsync;

    public override Task<ListAlertsResponse> ListAlerts(ListAlertsRequest request, ServerCallContext context) => supervision.ListAlertsAsync(request).ResponseAsync;

    public override Task<TrainingPlan> ScheduleTraining(ScheduleTrainingRequest request, ServerCallContext context) =>
        supervision.ScheduleTrainingAsync(request).ResponseAsync;

    public override Task<TrainingPlan> RecordAttendance(RecordAttendanceRequest request, ServerCallContext context) =>
        supervision.RecordAttendanceAsync(request).ResponseAsync;

    public override Task<TrainingPlan> GetTrainingPlan(GetTrainingPlanRequest request, ServerCallContext context) =>
        supervision.GetTrainingPlanAsync(request).ResponseAsync;
}
