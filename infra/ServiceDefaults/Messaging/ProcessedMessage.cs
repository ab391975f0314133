namespace Shuangsuiji.ServiceDefaults.Messaging;

/// <summary>A message a consumer has handled, stored in the same transaction as the consumer's own writes.</summary>
public sealed record ProcessedMessage(string Id, string MessageType, DateTimeOffset ProcessedAt);
