namespace Shuangsuiji.Directories.Entities;

public enum EntityType { Enterprise, IndividualBusiness, FarmersCooperative, Other }

public enum RegistrationStatus { Active, Deregistered, Revoked, MovedOut }

/// <summary>What the registering authority records of an entity (besides its status).</summary>
/// <param name="Industry">GB/T 4754 section letter with its two-digit division, e.g. "C13"</param>
/// <param name="Division">six-digit administrative division code</param>
public sealed record EntityData(
    string Name, EntityType Type, string Industry, string Division, string Address, string RegisteringAuthority);

/// <summary>A credit risk class and the day it took effect.</summary>
public sealed record RiskClassPeriod(string Class, DateOnly Since);

/// <summary>
/// 检查对象名录库: the current state of a market entity, one row of the directory table. The table also keeps the
/// sequence numbers of every event that changed it, so its whole history can be read back; <see cref="LastChange"/>
/// is the latest of them.
/// </summary>
public sealed record MarketEntity(
    string Uscc, EntityData Data, RegistrationStatus Status, IReadOnlyList<string> Tags, IReadOnlyList<string> SubLibraries,
    IReadOnlyList<RiskClassPeriod> RiskHistory, long Version, long LastChange, DateTimeOffset UpdatedAt)
{
    public RiskClassPeriod? Risk => RiskHistory.Count == 0 ? null : RiskHistory[^1];
}
