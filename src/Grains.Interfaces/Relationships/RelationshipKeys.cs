namespace Lyss.UserGrains.Relationships;

public static class RelationshipKeys
{
    public static string For(Guid tenantId, Guid a, Guid b) =>
        a.CompareTo(b) < 0 ? $"rel:{tenantId:N}:{a:N}:{b:N}" : $"rel:{tenantId:N}:{b:N}:{a:N}";
}
