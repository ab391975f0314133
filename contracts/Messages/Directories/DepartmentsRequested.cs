namespace Shuangsuiji.Contracts.Directories;

/// <summary>
/// A service that keeps the department tree asks for every department when it starts: one started for the first time after
/// the departments were made never saw their messages. The directories answer with a <see cref="DepartmentChanged"/> per
/// department, under the message id of its latest change.
/// </summary>
public sealed record DepartmentsRequested(string Service, DateTimeOffset At);
