namespace Lyss.UserGrains.Users;

/// <summary>
/// Which member of a tenant carries one external id (an identity provider's or a CRM's id for the
/// person), unique per tenant; keyed by <see cref="ExternalIds.IndexKey"/>.
/// </summary>
[Alias("lyss.users.IExternalIdGrain")]
public interface IExternalIdGrain : IKeyOwnerGrain;
