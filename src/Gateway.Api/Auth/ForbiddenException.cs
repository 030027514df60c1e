namespace Lyss.UserGrains.Gateway.Auth;

/// <summary>The caller is authenticated but may not do this in its own tenant (HTTP 403, with a code).</summary>
public sealed class ForbiddenException(string message, string code) : Exception(message)
{
    public ForbiddenException(string permission)
        : this($"This operation requires the permission '{permission}'.", "forbidden")
    {
    }

    /// <summary><c>forbidden</c>, <c>not_home_tenant</c>, <c>not_self</c>, <c>grant_exceeds_caller</c>, <c>owner_required</c>.</summary>
    public string Code { get; } = code;

    public static ForbiddenException NotHomeTenant() =>
        new("The user's identity, profile, preferences and lifecycle belong to the user and its home tenant.", "not_home_tenant");

    public static ForbiddenException NotSelf() => new("Only the user itself may do this.", "not_self");
}
