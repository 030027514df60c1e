namespace Lyss.UserGrains.Gateway.Auth;

/// <summary>What the route id of an <see cref="Access"/> rule names.</summary>
public enum AccessTarget
{
    None,
    Tenant,
    User,
    Team,
}
