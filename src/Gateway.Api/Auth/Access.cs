namespace Lyss.UserGrains.Gateway.Auth;

/// <summary>
/// Who may call an endpoint, declared where the route is mapped (<see cref="AccessExtensions.Allow{TBuilder}"/>)
/// and enforced by one filter before the handler runs. A route under <c>/api/v1</c> without a
/// declaration does not start.
/// </summary>
public sealed record Access
{
    /// <summary>No token needed: the body's code or token is the secret.</summary>
    public bool Anonymous { get; init; }

    /// <summary>The permission the caller must hold in its own tenant (null: any caller of the tenant).</summary>
    public string? Permission { get; init; }

    /// <summary>What the route's id names, which must be visible to the caller's tenant (404 otherwise).</summary>
    public AccessTarget Target { get; init; }

    /// <summary>The route value holding the target id.</summary>
    public string? RouteKey { get; init; }

    /// <summary>The target user itself passes without the permission.</summary>
    public bool Self { get; init; }

    /// <summary>On a tenant route, the route value naming the user who passes as itself.</summary>
    public string? SelfRouteKey { get; init; }

    /// <summary>Only the target user itself (403 <c>not_self</c> for anyone else).</summary>
    public bool SelfOnly { get; init; }

    /// <summary>Callers other than the user itself must act from the user's home tenant (403 <c>not_home_tenant</c>).</summary>
    public bool HomeTenant { get; init; }

    /// <summary>A user's token may only act for itself on the users the body names (403 <c>not_self</c>); service principals for any user of their tenant.</summary>
    public bool SubjectsOfBody { get; init; }

    /// <summary>The caller must be a user of this service (relationships, shares): a service principal gets 403.</summary>
    public bool UserCaller { get; init; }

    public static Access Public { get; } = new() { Anonymous = true };

    /// <summary>A tenant's write key instead of a token (tracking protocols; the handler resolves it, 401 in the protocol's shape).</summary>
    public bool WriteKey { get; init; }

    public static Access ByWriteKey { get; } = new() { WriteKey = true };

    /// <summary>SCIM: a SCIM token of the tenant, or a bearer token holding <c>scim:provision</c> (the handler checks, answering in SCIM's error shape).</summary>
    public bool Scim { get; init; }

    public static Access ByScimToken { get; } = new() { Scim = true };

    /// <summary>Any authenticated caller of its own tenant.</summary>
    public static Access AnyCaller { get; } = new();

    /// <summary>A user of this service acting as itself.</summary>
    public static Access AnyUser { get; } = new() { UserCaller = true };

    public static Access To(string permission) => new() { Permission = permission };

    /// <summary>The tenant in the route must be the caller's (platform operators: any).</summary>
    public static Access Tenant(string? permission, string routeKey = "id") =>
        new() { Permission = permission, Target = AccessTarget.Tenant, RouteKey = routeKey };

    /// <summary>The user in the route must be a member of the caller's tenant.</summary>
    public static Access User(string? permission, string routeKey = "id") =>
        new() { Permission = permission, Target = AccessTarget.User, RouteKey = routeKey };

    /// <summary>The team in the route must belong to the caller's tenant.</summary>
    public static Access Team(string? permission, string routeKey = "id") =>
        new() { Permission = permission, Target = AccessTarget.Team, RouteKey = routeKey };

    /// <summary>On a team route: the team's lead passes without the permission.</summary>
    public Access OrLead() => this with { Lead = true };

    /// <summary>On a team route: any member of the team passes without the permission.</summary>
    public Access OrTeamMember() => this with { TeamMember = true };

    public bool Lead { get; init; }

    public bool TeamMember { get; init; }

    public static Access OnlySelf(string routeKey = "id") =>
        new() { Target = AccessTarget.User, RouteKey = routeKey, SelfOnly = true };

    /// <summary>The user the route names (for a tenant route: the user in <paramref name="routeKey"/>) passes without the permission.</summary>
    public Access OrSelf(string? routeKey = null) => this with { Self = true, SelfRouteKey = routeKey };

    public Access Home() => this with { HomeTenant = true };

    /// <summary>
    /// When the user named by <paramref name="routeKey"/> (default: the route's user) is an owner of the
    /// caller's tenant, only an owner, the user itself or a platform operator may act (403 <c>owner_required</c>):
    /// an admin cannot ban, re-mail, demote or lock the owner.
    /// </summary>
    public Access OwnersByOwners(string? routeKey = null) => this with { OwnerRouteKey = routeKey ?? RouteKey };

    /// <summary>The route value naming a user whom only owners may act on when it is an owner (see <see cref="OwnersByOwners"/>).</summary>
    public string? OwnerRouteKey { get; init; }

    public Access ForBodySubjects() => this with { SubjectsOfBody = true };

    public Access AsUser() => this with { UserCaller = true };

    /// <summary>The rule in words, for the OpenAPI description and the docs.</summary>
    public string Describe()
    {
        if (Anonymous)
        {
            return "Anonymous (the code or token in the body is the secret).";
        }

        if (Scim)
        {
            return "Who may call: the tenant's identity provider with one of its SCIM tokens, or a caller holding `scim:provision`; it acts in that tenant only.";
        }

        if (WriteKey)
        {
            return "Who may call: a client holding one of the tenant's write keys (no token); it acts in that tenant only.";
        }

        var parts = new List<string>();
        if (SelfOnly)
        {
            parts.Add("only the user itself");
        }
        else
        {
            parts.Add(Permission is null ? "any caller of the tenant" : $"`{Permission}`");
            if (Self)
            {
                parts.Add("or the user itself");
            }
        }

        if (Target == AccessTarget.Tenant)
        {
            parts.Add("in the tenant of the route");
        }
        else if (Target == AccessTarget.User)
        {
            parts.Add("on a user of the caller's tenant");
        }

        else if (Target == AccessTarget.Team)
        {
            parts.Add("on a team of the caller's tenant" + (Lead ? ", or the team's lead" : "") + (TeamMember ? ", or a member of the team" : ""));
        }

        if (HomeTenant)
        {
            parts.Add("from the user's home tenant");
        }

        if (OwnerRouteKey is not null)
        {
            parts.Add("(an owner only by an owner)");
        }

        if (SubjectsOfBody)
        {
            parts.Add("(a user token: only its own user)");
        }

        if (UserCaller)
        {
            parts.Add("(a user's token)");
        }

        return "Who may call: " + string.Join(" ", parts) + ".";
    }
}
