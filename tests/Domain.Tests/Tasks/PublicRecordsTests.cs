using System.Text.Json;
using Shuangsuiji.Directories.Calendar;
using Shuangsuiji.Tasks;
using Shuangsuiji.Tasks.Results;
using static Shuangsuiji.Domain.Tests.Given;
using static Shuangsuiji.Domain.Tests.Tasks.JointTask;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests.Tasks;

public sealed class PublicRecordsTests
{
    private const string Secret = "机密PRIVATE";

    [Fact]
    public void A_public_result_and_its_handling_hold_nothing_private()
    {
        var id = EntityResult.IdOf(Id, Lead, Usccs[0]);
        var entry = Problem(Lead) with
        {
            InspectorIds = [$"{Secret}-1"], Attachments = [new AttachmentRef(new string('a', 64), $"{Secret}.jpg", "image/jpeg")],
            FormValues = [new(Secret, Secret, [Secret])], Items = [new(LeadItem, true, true, $"{Secret}处置措施")],
        };
        var result = State<EntityResult>(
            new ResultSubmitted(id, Id, Lead, Usccs[0], entry, By(Lead), Now),
            new ResultReturned(id, $"{Secret}复核意见", By(Lead, Roles.Reviewer), Now),
            new ResultSubmitted(id, Id, Lead, Usccs[0], entry, By(Lead), Now),
            new ResultApproved(id, By(Lead, Roles.Reviewer), Later),
            new FollowUpRecorded(id, new FollowUpAction(FollowUpKind.OrderCorrection, null, new(2022, 10, 10), $"{Secret}理由"), By(Lead), Later),
            new CorrectionRecorded(id, new(2022, 10, 12), $"{Secret}备注", By(Lead), Later),
            new FollowUpClosed(id, new(2022, 10, 13), By(Lead), Later));

        var published = PublicRecords.Result(result, Later, CalendarSeed.WorkingDays);
        var handling = PublicRecords.Handling(result, new FollowUpClosed(id, new(2022, 10, 13), By(Lead), Later));
        Assert.DoesNotContain("PRIVATE", JsonSerializer.Serialize(published) + JsonSerializer.Serialize(handling));
        Assert.Equal(["problem_pending"], published.Categories);
        Assert.Equal(new DateOnly(2022, 10, 9), published.PublishedOn);
        Assert.Equal((new DateOnly(2022, 10, 9), false), (published.DueOn, published.DueOnProvisional)); // 20 working days after 5 September 2022: the make-up working Sunday
        Assert.Equal(["order_correction", "corrected"], handling.Steps.Select(s => s.Kind));
    }
}
