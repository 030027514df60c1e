using System.Reflection;
using System.Text.Json;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Tests.Activities;

/// <summary>Every built-in activity type has a typed helper, and each helper sends what its type means (no cluster).</summary>
public sealed class UserActivityExtensionsTests
{
    [Fact]
    public async Task Every_built_in_type_has_a_helper_that_tracks_it()
    {
        var user = DispatchProxy.Create<IUserGrain, RecordingUser>();
        var tenant = Guid.NewGuid();
        await user.TrackLoginAsync(tenant, success: false, ipAddress: "203.0.113.9");
        await user.TrackLogoutAsync(tenant, sessionId: "s1");
        await user.TrackRegisterAsync(tenant, "invitation");
        foreach (var action in new[] { "create", "view", "update", "delete", "assign", "grab", "complete" })
        {
            await user.TrackCaseActionAsync(tenant, action, "c-1");
        }

        foreach (var outcome in new[] { "create", "success", "failed" })
        {
            await user.TrackPaymentAsync(tenant, outcome, "p-1", 12.5m, "CNY");
        }

        foreach (var action in new[] { "generate", "review", "approve", "reject", "send" })
        {
            await user.TrackDocumentAsync(tenant, action, "d-1");
        }

        foreach (var action in new[] { "request", "approve", "reject" })
        {
            await user.TrackWithdrawalAsync(tenant, action, "w-1", 100m);
        }

        await user.TrackConfigUpdateAsync(tenant, "model.default_model", "gpt-4o", "gpt-4");
        await user.TrackProfileUpdateAsync(tenant, ["bio", "location"]);
        await user.TrackPasswordChangeAsync(tenant, ipAddress: "203.0.113.9");
        await user.TrackChatMessageAsync(tenant, "conv-1", "gpt-4", 20);
        await user.TrackModelUsageAsync(tenant, "gpt-4", 1500, 0.03m, provider: "openai", responseTime: 1.2);
        await user.TrackFeatureUsageAsync(tenant, "export");

        var tracked = ((RecordingUser)(object)user).Tracked;
        Assert.Equal(ActivityTypes.Seed.Order(StringComparer.Ordinal), tracked.Select(t => t.Activity.ActivityType).Distinct().Order(StringComparer.Ordinal));
        Assert.All(tracked, t => Assert.Equal(tenant, t.TenantId));

        var register = Details(tracked.Single(t => t.Activity.ActivityType == ActivityTypes.Register));
        Assert.Equal("invitation", register.GetProperty("method").GetString());
        var config = tracked.Single(t => t.Activity.ActivityType == ActivityTypes.ConfigUpdate).Activity;
        Assert.Equal(("config", "model.default_model"), (config.ResourceType, config.ResourceId));
        Assert.Equal("gpt-4", Details(tracked.Single(t => t.Activity.ActivityType == ActivityTypes.ConfigUpdate)).GetProperty("new_value").GetString());
        Assert.Equal(["bio", "location"], Details(tracked.Single(t => t.Activity.ActivityType == ActivityTypes.ProfileUpdate)).GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        var usage = Details(tracked.Single(t => t.Activity.ActivityType == ActivityTypes.ModelUsage));
        Assert.Equal((1500, "openai", 1.2), (usage.GetProperty("tokens").GetInt64(), usage.GetProperty("provider").GetString(), usage.GetProperty("response_time").GetDouble()));
    }

    private static JsonElement Details((TrackActivity Activity, Guid TenantId) tracked) =>
        JsonDocument.Parse(tracked.Activity.Details!).RootElement;

    /// <summary>An <see cref="IUserGrain"/> that records what it is asked to track and does nothing else.</summary>
    public class RecordingUser : DispatchProxy
    {
        public List<(TrackActivity Activity, Guid TenantId)> Tracked { get; } = [];

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name != nameof(IUserGrain.TrackAsync))
            {
                throw new NotSupportedException(targetMethod?.Name);
            }

            Tracked.Add(((TrackActivity)args![0]!, (Guid)args[1]!));
            return Task.FromResult(new TrackResult { Status = TrackStatus.Accepted });
        }
    }
}
