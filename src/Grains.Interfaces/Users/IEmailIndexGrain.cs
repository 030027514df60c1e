namespace Lyss.UserGrains.Users;

/// <summary>
/// Which user owns one normalized email: global uniqueness without a table scan. Keyed
/// <c>"email:" + normalized address</c> (a prefix so that no key is a bare hex string).
/// </summary>
[Alias("lyss.users.IEmailIndexGrain")]
public interface IEmailIndexGrain : IKeyOwnerGrain;
