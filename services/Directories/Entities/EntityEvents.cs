using Shuangsuiji.Kernel;

namespace Shuangsuiji.Directories.Entities;

// One entity at a time (stream "entity:<uscc>").

public sealed record EntityRegistered(string Uscc, EntityData Data, RegistrationStatus Status, Caller By, DateTimeOffset At);

public sealed record EntityAmended(string Uscc, EntityData Data, string Reason, Caller By, DateTimeOffset At);

public sealed record EntityStatusChanged(string Uscc, RegistrationStatus Status, string Reason, DateOnly EffectiveOn, Caller By, DateTimeOffset At);

public sealed record EntityTagged(string Uscc, string Tag, Caller By, DateTimeOffset At);

public sealed record EntityUntagged(string Uscc, string Tag, Caller By, DateTimeOffset At);

/// <summary>The entity joined a supervising department's sub-library (e.g. special-equipment users).</summary>
public sealed record SubLibraryJoined(string Uscc, string Library, Caller By, DateTimeOffset At);

public sealed record SubLibraryLeft(string Uscc, string Library, string Reason, Caller By, DateTimeOffset At);

public sealed record RiskClassChanged(string Uscc, string? From, string To, DateOnly EffectiveOn, Caller By, DateTimeOffset At);

/// <summary>The risk index rose sharply (two or more classes, or into the highest): supervisors and draws react.</summary>
public sealed record RiskWarningRaised(string Uscc, string? From, string To, DateOnly EffectiveOn, DateTimeOffset At);

/// <summary>A department's decision entered the entity's credit record (信用记录): a penalty or an abnormal-operations listing.</summary>
public sealed record CreditRecorded(string Uscc, CreditEntry Credit, Caller By, DateTimeOffset At);

/// <param name="Kind">penalty, abnormal_operations</param>
public sealed record CreditEntry(string RecordId, string Kind, string DepartmentId, string DecisionNo, DateOnly DecidedOn, bool Serious, string TaskId);

// Many entities at once, from an import job (stream "import:<job id>"): one event per batch of rows.

/// <summary>Registration data added or changed by an import; rows that changed nothing are not in it.</summary>
public sealed record EntitiesImported(string JobId, int FirstLine, IReadOnlyList<ImportedEntity> Rows, Caller By, DateTimeOffset At);

/// <summary>A row of an import batch, stored as a JSON array (see <see cref="ImportedEntityJson"/>): a batch holds thousands.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(ImportedEntityJson))]
public sealed record ImportedEntity(string Uscc, EntityData Data, RegistrationStatus Status, bool New);

/// <summary>A monthly batch of credit risk classes (from the national system).</summary>
public sealed record RiskClassesImported(string JobId, int FirstLine, IReadOnlyList<RiskChange> Rows, Caller By, DateTimeOffset At);

public sealed record RiskWarningsRaised(string JobId, int FirstLine, IReadOnlyList<RiskChange> Rows, DateTimeOffset At);

public sealed record RiskChange(string Uscc, string? From, string To, DateOnly EffectiveOn);

public sealed record EntityTagsImported(string JobId, int FirstLine, IReadOnlyList<SetChange> Rows, Caller By, DateTimeOffset At);

public sealed record SubLibrariesImported(string JobId, int FirstLine, IReadOnlyList<SetChange> Rows, Caller By, DateTimeOffset At);

/// <summary>Tags, or sub-libraries, added to and removed from one entity.</summary>
public sealed record SetChange(string Uscc, IReadOnlyList<string> Added, IReadOnlyList<string> Removed);
