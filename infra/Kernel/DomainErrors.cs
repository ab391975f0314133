namespace Shuangsuiji.Kernel;

/// <summary>
/// Errors a decision can end in. Each maps to one gRPC status (ServiceDefaults' ErrorMappingInterceptor), so deciders
/// stay free of transport concerns and the caller still learns exactly what was wrong.
/// </summary>
public abstract class DomainException(string message) : Exception(message);

/// <summary>Bad input: INVALID_ARGUMENT, the message starts with the field's name.</summary>
public sealed class InvalidFieldException(string field, string problem) : DomainException($"{field}: {problem}")
{
    public string Field { get; } = field;
}

/// <summary>NOT_FOUND.</summary>
public sealed class NotFoundException(string message) : DomainException(message);

/// <summary>ALREADY_EXISTS.</summary>
public sealed class AlreadyExistsException(string message) : DomainException(message);

/// <summary>PERMISSION_DENIED: the caller may not act here (another department's record, wrong role).</summary>
public sealed class ForbiddenException(string message) : DomainException(message);

/// <summary>FAILED_PRECONDITION: the record's current state does not allow the command; the message names the state.</summary>
public sealed class RuleViolationException(string message) : DomainException(message);
