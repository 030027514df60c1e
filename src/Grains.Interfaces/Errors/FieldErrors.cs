namespace Lyss.UserGrains.Errors;

/// <summary>Collects what is wrong with each field of a command, then throws one <see cref="ValidationException"/> naming them all.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    /// <summary>Records the field's problem (the first one recorded for a field stays).</summary>
    public void Add(string field, string error) => _errors.TryAdd(field, [error]);

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new ValidationException(new Dictionary<string, string[]>(_errors, StringComparer.Ordinal));
        }
    }
}
