using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.Plans;
using Shuangsuiji.Tasks.Results;
using Proto = Shuangsuiji.Api.Tasks.V1;

namespace Shuangsuiji.Domain.Tests.Tasks;

/// <summary>The tasks API maps its enumerations by position (after UNSPECIFIED): the names must line up one to one.</summary>
public sealed class ProtoEnumTests
{
    public static TheoryData<Type, Type> Pairs => new()
    {
        { typeof(ResultCategory), typeof(Proto.ResultCategory) }, { typeof(PendingReason), typeof(Proto.PendingReason) },
        { typeof(CheckMethod), typeof(Proto.CheckMethod) }, { typeof(FollowUpKind), typeof(Proto.FollowUpKind) },
        { typeof(ResultStatus), typeof(Proto.ResultStatus) }, { typeof(PlanStatus), typeof(Proto.PlanStatus) },
        { typeof(DepartmentStage), typeof(Proto.DepartmentStage) }, { typeof(InspectionTaskStatus), typeof(Proto.TaskStatus) },
        { typeof(FilingStatus), typeof(Proto.FilingStatus) }, { typeof(Shuangsuiji.Tasks.Dispatches.ReceiverState), typeof(Proto.ReceiverState) },
        { typeof(Shuangsuiji.Tasks.Dispatches.DispatchTimeliness), typeof(Proto.DispatchTimeliness) },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Domain_and_proto_values_line_up_by_position(Type domain, Type proto)
    {
        var protoNames = Enum.GetNames(proto); // as generated for C#: the value prefix dropped, in PascalCase
        Assert.Equal("Unspecified", protoNames[0]);
        Assert.Equal(Enum.GetNames(domain), protoNames.Skip(1));
    }
}
