using Lyss.UserGrains.Behavior;
using Lyss.UserGrains.Grains.Telemetry;

namespace Lyss.UserGrains.Grains.Users;

/// <summary>The user's part in behaviour analysis: fresh sessions in, the engagement score out.</summary>
public sealed partial class UserGrain
{
    public async Task<AnalysisSubject?> PrepareAnalysisAsync(Guid tenantId)
    {
        if (!S.Exists || S.Memberships.All(m => m.TenantId != tenantId))
        {
            return null;
        }

        await ConversationsAsync();
        await SaveConversationsAsync();
        var preferences = PreferenceCatalog.WithDefaults(S.Preferences);
        var timeZone = S.Profile.Timezone ?? Unquote(preferences["ui"]["timezone"]) ?? PreferenceCatalog.DefaultTimeZone;
        return new AnalysisSubject
        {
            TimeZone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _) ? timeZone : "UTC",
            Language = S.Profile.Language,
            ProfileTimeZone = S.Profile.Timezone,
            Preferences = preferences,
        };
    }

    public async Task RecordEngagementAsync(Guid tenantId, decimal score, long activity30Days)
    {
        RequireMember(tenantId);
        S.Memberships.First(m => m.TenantId == tenantId).EngagementScore = score;
        if (tenantId == S.HomeTenantId)
        {
            S.Profile.EngagementScore = score;
        }

        await directory.RecordEngagementAsync(Id, tenantId, score, activity30Days, Now);
        await state.WriteStateAsync();
        BehaviorMetrics.EngagementScore(tenantId, score);
    }

    private static string? Unquote(string json) =>
        json.Length >= 2 && json[0] == '"' ? System.Text.Json.JsonSerializer.Deserialize<string>(json) : null;
}
