using System.Text.Json;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Activities;

/// <summary>Typed helpers over <see cref="IUserGrain.TrackAsync"/>, one for every built-in activity type (a test holds them equal).</summary>
public static class UserActivityExtensions
{
    public static Task<TrackResult> TrackLoginAsync(this IUserGrain user, Guid tenantId, bool success = true, string? ipAddress = null, string? userAgent = null, string? sessionId = null) =>
        user.TrackAsync(new TrackActivity
        {
            ActivityType = ActivityTypes.Login,
            Details = Json(new Dictionary<string, object?> { ["success"] = success }),
            IpAddress = ipAddress,
            UserAgent = userAgent,
            SessionId = sessionId,
        }, tenantId);

    public static Task<TrackResult> TrackLogoutAsync(this IUserGrain user, Guid tenantId, string? sessionId = null, string? ipAddress = null) =>
        user.TrackAsync(new TrackActivity { ActivityType = ActivityTypes.Logout, SessionId = sessionId, IpAddress = ipAddress }, tenantId);

    /// <summary><paramref name="method"/> says how the user registered (email, phone, invitation, sso…).</summary>
    public static Task<TrackResult> TrackRegisterAsync(this IUserGrain user, Guid tenantId, string method = "email", string? ipAddress = null) =>
        user.TrackAsync(new TrackActivity
        {
            ActivityType = ActivityTypes.Register,
            Details = Json(new Dictionary<string, object?> { ["method"] = method }),
            IpAddress = ipAddress,
        }, tenantId);

    /// <summary>A setting changed: its key, and optionally the values before and after.</summary>
    public static Task<TrackResult> TrackConfigUpdateAsync(this IUserGrain user, Guid tenantId, string configKey, object? oldValue = null, object? newValue = null, string? ipAddress = null) =>
        user.TrackAsync(Resource(ActivityTypes.ConfigUpdate, "config", configKey, new Dictionary<string, object?> { ["old_value"] = oldValue, ["new_value"] = newValue }, ipAddress), tenantId);

    /// <summary>The profile fields the user changed (names only).</summary>
    public static Task<TrackResult> TrackProfileUpdateAsync(this IUserGrain user, Guid tenantId, IReadOnlyList<string> fields, string? ipAddress = null) =>
        user.TrackAsync(new TrackActivity
        {
            ActivityType = ActivityTypes.ProfileUpdate,
            Details = Json(new Dictionary<string, object?> { ["fields"] = fields }),
            IpAddress = ipAddress,
        }, tenantId);

    public static Task<TrackResult> TrackPasswordChangeAsync(this IUserGrain user, Guid tenantId, string? ipAddress = null, string? userAgent = null) =>
        user.TrackAsync(new TrackActivity { ActivityType = ActivityTypes.PasswordChange, IpAddress = ipAddress, UserAgent = userAgent }, tenantId);

    /// <summary><paramref name="action"/> is create, view, update, delete, assign, grab or complete.</summary>
    public static Task<TrackResult> TrackCaseActionAsync(this IUserGrain user, Guid tenantId, string action, string caseId, IReadOnlyDictionary<string, object?>? details = null, string? ipAddress = null) =>
        user.TrackAsync(Resource("case_" + action, "case", caseId, details, ipAddress), tenantId);

    /// <summary><paramref name="outcome"/> is create, success or failed.</summary>
    public static Task<TrackResult> TrackPaymentAsync(this IUserGrain user, Guid tenantId, string outcome, string paymentId, decimal amount, string? currency = null) =>
        user.TrackAsync(Resource("payment_" + outcome, "payment", paymentId, new Dictionary<string, object?> { ["amount"] = amount, ["currency"] = currency }, null), tenantId);

    /// <summary><paramref name="action"/> is generate, review, approve, reject or send.</summary>
    public static Task<TrackResult> TrackDocumentAsync(this IUserGrain user, Guid tenantId, string action, string documentId, IReadOnlyDictionary<string, object?>? details = null) =>
        user.TrackAsync(Resource("document_" + action, "document", documentId, details, null), tenantId);

    /// <summary><paramref name="action"/> is request, approve or reject.</summary>
    public static Task<TrackResult> TrackWithdrawalAsync(this IUserGrain user, Guid tenantId, string action, string withdrawalId, decimal amount) =>
        user.TrackAsync(Resource("withdrawal_" + action, "withdrawal", withdrawalId, new Dictionary<string, object?> { ["amount"] = amount }, null), tenantId);

    public static Task<TrackResult> TrackChatMessageAsync(this IUserGrain user, Guid tenantId, string conversationId, string? model = null, int? tokens = null) =>
        user.TrackAsync(Resource(ActivityTypes.ChatMessage, "conversation", conversationId, new Dictionary<string, object?> { ["model"] = model, ["tokens"] = tokens }, null), tenantId);

    /// <summary>Model usage carries tokens and cost, which the counters sum, and optionally the provider and the response time in seconds.</summary>
    public static Task<TrackResult> TrackModelUsageAsync(this IUserGrain user, Guid tenantId, string model, long tokens, decimal cost, string? provider = null, double? responseTime = null) =>
        user.TrackAsync(Resource(ActivityTypes.ModelUsage, "model", model, new Dictionary<string, object?>
        {
            ["model"] = model,
            ["tokens"] = tokens,
            ["cost"] = cost,
            ["provider"] = provider,
            ["response_time"] = responseTime,
        }, null), tenantId);

    public static Task<TrackResult> TrackFeatureUsageAsync(this IUserGrain user, Guid tenantId, string feature, IReadOnlyDictionary<string, object?>? details = null) =>
        user.TrackAsync(Resource(ActivityTypes.FeatureUsage, "feature", feature, details, null), tenantId);

    private static TrackActivity Resource(string type, string resourceType, string resourceId, IReadOnlyDictionary<string, object?>? details, string? ipAddress) => new()
    {
        ActivityType = type,
        ResourceType = resourceType,
        ResourceId = resourceId,
        Details = details is null ? null : Json(details),
        IpAddress = ipAddress,
    };

    private static string Json(IReadOnlyDictionary<string, object?> value) => JsonSerializer.Serialize(value);
}
