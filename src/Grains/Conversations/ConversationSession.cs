namespace Lyss.UserGrains.Grains.Conversations;

/// <summary>
/// One conversation session (a <c>conversation_sessions</c> row) while its user grain
/// is active: opened by a chat_message or model_usage, extended while activities keep coming
/// within the idle timeout, ended at the first activity after a longer gap.
/// </summary>
public sealed class ConversationSession
{
    public required Guid Id { get; init; }
    public required Guid TenantId { get; init; }

    /// <summary>The client's own session id, which then defines the conversation (null: split by idle time).</summary>
    public string? ClientSessionId { get; init; }
    public string? Title { get; set; }
    public string? Topic { get; set; }
    public int MessageCount { get; set; }
    public int ModelCalls { get; set; }
    public long TotalTokens { get; set; }
    public decimal TotalCost { get; set; }
    public required DateTimeOffset StartedAt { get; set; }
    public required DateTimeOffset LastActivityAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Uses per model; bounded by the few models one conversation touches.</summary>
    public Dictionary<string, int> Models => _models ??= new(StringComparer.Ordinal);

    private Dictionary<string, int>? _models;

    /// <summary>When the row last went to PostgreSQL (null: never).</summary>
    public DateTimeOffset? SavedAt { get; set; }

    public bool Dirty { get; set; }

    /// <summary>Whole minutes from the first to the last activity.</summary>
    public int DurationMinutes => (int)Math.Floor((LastActivityAt - StartedAt).TotalMinutes);

    /// <summary>The model used most, the alphabetically first on a tie (deterministic).</summary>
    public string? ModelUsed => _models is null || _models.Count == 0
        ? null
        : _models.OrderByDescending(m => m.Value).ThenBy(m => m.Key, StringComparer.Ordinal).First().Key;
}
