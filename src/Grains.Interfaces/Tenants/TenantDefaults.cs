namespace Lyss.UserGrains.Tenants;

/// <summary>What a tenant's settings are when it set none (or cleared one with a merge patch's null).</summary>
public static class TenantDefaults
{
    public const string TimeZone = "UTC";
    public const string Language = "zh-CN";
    public const int DormancyDays = 90;
}
