namespace Shuangsuiji.Contracts.Tasks;

/// <summary>
/// A decision that enters an entity's credit record (信用记录), published by the tasks service for the directories:
/// a penalty decided in a check's follow-up, or the entity put on the abnormal-operations list after it was found
/// unreachable. Carries no personal data.
/// </summary>
/// <param name="Kind">penalty, abnormal_operations</param>
/// <param name="DecisionNo">the decision's number (处罚决定书文号 or the listing decision's)</param>
/// <param name="Serious">a penalty for a serious violation (严重违法失信)</param>
/// <param name="RecordId">unique per decision, so a repeated message is recorded once</param>
public sealed record CreditRecordAdded(
    string RecordId, string Uscc, string Kind, string DepartmentId, string DecisionNo, DateOnly DecidedOn, bool Serious, string TaskId,
    DateTimeOffset At)
{
    public const string Penalty = "penalty";
    public const string AbnormalOperations = "abnormal_operations";
}
