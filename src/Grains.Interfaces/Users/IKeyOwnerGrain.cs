namespace Lyss.UserGrains.Users;

/// <summary>Which user owns one unique key: uniqueness without a table scan.</summary>
[Alias("lyss.users.IKeyOwnerGrain")]
public interface IKeyOwnerGrain : IGrainWithStringKey
{
    /// <summary>Claims the key for <paramref name="userId"/>; returns the owner (the caller if it won).</summary>
    [Alias("Claim")]
    Task<Guid> ClaimAsync(Guid userId);

    /// <summary>Releases the key if <paramref name="userId"/> owns it.</summary>
    [Alias("Release")]
    Task ReleaseAsync(Guid userId);

    [Alias("GetOwner")]
    Task<Guid?> GetOwnerAsync();
}
