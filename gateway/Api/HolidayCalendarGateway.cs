using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Shuangsuiji.Api.Directories.V1;

namespace Shuangsuiji.Gateway.Api;

/// <summary>The working-day calendar: the holiday notices are public, recording them is the office's (the directories service checks).</summary>
[Authorize]
public sealed class HolidayCalendarGateway(HolidayCalendar.HolidayCalendarClient directories) : HolidayCalendar.HolidayCalendarBase
{
    public override Task<HolidayNoticeYear> RecordHolidayNotice(RecordHolidayNoticeRequest request, ServerCallContext context) =>
        directories.RecordHolidayNoticeAsync(request).ResponseAsync;

    public override Task<HolidayNoticeYear> CorrectHolidayNotice(CorrectHolidayNoticeRequest request, ServerCallContext context) =>
        directories.CorrectHolidayNoticeAsync(request).ResponseAsync;

    [AllowAnonymous]
    public override Task<ListHolidayNoticesResponse> ListHolidayNotices(ListHolidayNoticesRequest request, ServerCallContext context) =>
        directories.ListHolidayNoticesAsync(request).ResponseAsync;
}
