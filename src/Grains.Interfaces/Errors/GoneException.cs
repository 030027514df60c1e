namespace Lyss.UserGrains.Errors;

/// <summary>The thing existed but has expired.</summary>
[GenerateSerializer, Alias("lyss.errors.GoneException")]
public sealed class GoneException(string message) : DomainException(message);
