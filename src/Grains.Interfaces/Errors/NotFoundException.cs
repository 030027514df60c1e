namespace Lyss.UserGrains.Errors;

/// <summary>The resource does not exist, or is not visible to the caller's tenant.</summary>
[GenerateSerializer, Alias("lyss.errors.NotFoundException")]
public sealed class NotFoundException(string message) : DomainException(message)
{
    /// <summary>A user that does not exist or that the caller's tenant may not see: one answer for both.</summary>
    public static NotFoundException User(Guid id) => new($"User {id} was not found.") { Code = "user_not_found" };

    public static NotFoundException Tenant(Guid id) => new($"Tenant {id} was not found.") { Code = "tenant_not_found" };
}
