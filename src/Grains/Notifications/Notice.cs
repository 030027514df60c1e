namespace Lyss.UserGrains.Grains.Notifications;

/// <summary>
/// An in-app notification to write from a template, in the recipient's language, within the
/// transaction of the change that caused it (sent on the channels the recipient's preferences allow).
/// </summary>
/// <param name="Type">The notification_type readers filter on (several templates may share one).</param>
public sealed record Notice(
    Guid UserId,
    Guid TenantId,
    string Type,
    string Template,
    IReadOnlyDictionary<string, string?> Values,
    string Priority = "normal",
    string? Metadata = null);
