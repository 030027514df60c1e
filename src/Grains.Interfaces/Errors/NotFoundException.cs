namespace Lyss.UserGrains.Errors;

/// <summary>The resource does not exist, or is not visible to the caller's tenant.</summary>
[GenerateSerializer, Alias("lyss.errors.NotFoundException")]
public sealed class NotFoundException(string message) : DomainException(message);
