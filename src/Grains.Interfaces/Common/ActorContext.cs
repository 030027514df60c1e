namespace Lyss.UserGrains.Common;

/// <summary>Who asks for a change, from which tenant and where: what the audit trail records.</summary>
[GenerateSerializer, Immutable, Alias("lyss.common.ActorContext")]
public sealed record ActorContext
{
    /// <summary>The token's subject: a user id or a service principal's name.</summary>
    [Id(0)] public required string Actor { get; init; }

    [Id(1)] public required Guid TenantId { get; init; }

    [Id(2)] public string? IpAddress { get; init; }

    [Id(3)] public string? UserAgent { get; init; }

    /// <summary>True for <c>platform:*</c> operators, who act across tenants.</summary>
    [Id(4)] public bool IsPlatformOperator { get; init; }

    public static ActorContext System(Guid tenantId) => new() { Actor = "system", TenantId = tenantId };
}
