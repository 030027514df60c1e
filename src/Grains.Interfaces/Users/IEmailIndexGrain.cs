namespace Lyss.UserGrains.Users;

/// <summary>
/// Which user owns one normalized email: global uniqueness without a table scan. Keyed
/// <c>"email:" + normalized address</c> (a prefix so that no key is a bare hex string).
/// </summary>
[Alias("lyss.users.IEmailIndexGrain")]
public interface IEmailIndexGrain : IGrainWithStringKey
{
    /// <summary>Claims the email for <paramref name="userId"/>; returns the owner (the caller if it won).</summary>
    [Alias("Claim")]
    Task<Guid> ClaimAsync(Guid userId);

    /// <summary>Releases the email if <paramref name="userId"/> owns it.</summary>
    [Alias("Release")]
    Task ReleaseAsync(Guid userId);

    [Alias("GetOwner")]
    Task<Guid?> GetOwnerAsync();
}
