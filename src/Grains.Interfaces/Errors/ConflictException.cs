namespace Lyss.UserGrains.Errors;

/// <summary>A duplicate, an illegal transition, or something already used.</summary>
[GenerateSerializer, Alias("lyss.errors.ConflictException")]
public sealed class ConflictException(string message) : DomainException(message);
