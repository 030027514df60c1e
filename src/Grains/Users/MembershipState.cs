namespace Lyss.UserGrains.Grains.Users;

[GenerateSerializer, Alias("lyss.users.MembershipState")]
public sealed class MembershipState
{
    [Id(0)] public Guid TenantId { get; set; }
    [Id(1)] public string Role { get; set; } = "";
    [Id(2)] public DateTimeOffset JoinedAt { get; set; }
    [Id(3)] public string? InvitedBy { get; set; }
    [Id(4)] public List<string> Grants { get; set; } = [];
}
