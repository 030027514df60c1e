namespace Lyss.UserGrains.Errors;

/// <summary>Input that breaks a rule; <see cref="Errors"/> names each offending field.</summary>
[GenerateSerializer, Alias("lyss.errors.ValidationException")]
public sealed class ValidationException : DomainException
{
    public ValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base("One or more fields are invalid: " + string.Join(", ", errors.Keys))
    {
        Errors = errors;
    }

    public ValidationException(string field, string error)
        : this(new Dictionary<string, string[]> { [field] = [error] })
    {
    }

    [Id(0)]
    public IReadOnlyDictionary<string, string[]> Errors { get; init; }
}
