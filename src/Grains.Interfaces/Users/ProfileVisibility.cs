namespace Lyss.UserGrains.Users;

/// <summary>Who besides the user sees its profile (<c>privacy.profile_visibility</c>).</summary>
public enum ProfileVisibility
{
    /// <summary>Callers of the user's home tenant with <c>user:read</c> (the default).</summary>
    Tenant,

    /// <summary>Also the other tenants the user joined.</summary>
    Public,

    /// <summary>Only the user, its home tenant's user managers and platform operators.</summary>
    Private,
}
