namespace Lyss.UserGrains.Users;

/// <summary>One user of the platform, keyed by its id.</summary>
[Alias("lyss.users.IUserGrain")]
public interface IUserGrain : IGrainWithGuidKey
{
    /// <summary>The user, or null when no user has this id.</summary>
    [Alias("Get")]
    Task<UserView?> GetAsync();
}
