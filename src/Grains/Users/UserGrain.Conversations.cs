using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Grains.Activities;
using Lyss.UserGrains.Grains.Conversations;

namespace Lyss.UserGrains.Grains.Users;

/// <summary>
/// Conversation sessions: chat_message and model_usage activities open, extend and close them
/// by the idle timeout, in the time the activities occurred. A row is written when a session
/// opens or ends, at most a minute after other changes, before an analysis reads it and at
/// deactivation; the raw activities stay the source of truth should a silo die in between.
/// </summary>
public sealed partial class UserGrain
{
    private static readonly TimeSpan ConversationSaveInterval = TimeSpan.FromMinutes(1);

    // Open sessions, one per tenant at most: a short list rather than a dictionary per user.
    private List<ConversationSession>? _conversations;

    private async Task<List<ConversationSession>> ConversationsAsync()
    {
        _conversations ??= await conversationStore.LoadOpenAsync(Id);
        return _conversations;
    }

    /// <summary>Folds a batch's conversational activities into the open sessions and saves what must be saved.</summary>
    private async Task TrackConversationsAsync(Guid tenantId, IEnumerable<(ActivityRecord Record, DetailFields Fields)> activities, DateTimeOffset now)
    {
        var open = await ConversationsAsync();
        var changed = new List<ConversationSession>();
        var mustSave = false;
        var idle = options.Value.ConversationIdleTimeout;
        foreach (var (record, fields) in activities.OrderBy(a => a.Record.OccurredAt))
        {
            var at = record.OccurredAt;
            var session = open.Find(s => s.TenantId == tenantId);
            if (session is not null && at - session.LastActivityAt > idle)
            {
                session.EndedAt = session.LastActivityAt;
                session.Dirty = true;
                changed.Add(session);
                open.Remove(session);
                mustSave = true;
                session = null;
            }

            if (session is null)
            {
                session = new ConversationSession
                {
                    Id = Guid.CreateVersion7(at),
                    TenantId = tenantId,
                    StartedAt = at,
                    LastActivityAt = at,
                };
                open.Add(session);
                mustSave = true;
            }

            if (at > session.LastActivityAt)
            {
                session.LastActivityAt = at;
            }
            else if (at < session.StartedAt)
            {
                session.StartedAt = at;
            }

            if (record.ActivityType == ActivityTypes.ChatMessage)
            {
                session.MessageCount++;
            }
            else
            {
                session.ModelCalls++;
            }

            if ((fields.Model ?? record.Model) is { } model)
            {
                session.Models[model] = session.Models.GetValueOrDefault(model) + 1;
            }

            session.TotalTokens += record.Tokens;
            session.TotalCost += record.Cost;
            session.Topic ??= fields.Topic;
            session.Title ??= fields.Title;
            session.Dirty = true;
            if (!changed.Contains(session))
            {
                changed.Add(session);
            }
        }

        if (mustSave || changed.Any(s => s.SavedAt is null || now - s.SavedAt >= ConversationSaveInterval))
        {
            await conversationStore.SaveAsync(Id, changed, now);
        }
    }

    /// <summary>Ends sessions idle past the timeout and writes every unsaved change (analysis, deactivation).</summary>
    private async Task SaveConversationsAsync()
    {
        if (_conversations is null)
        {
            return;
        }

        var now = Now;
        var dirty = new List<ConversationSession>();
        foreach (var session in _conversations.ToList())
        {
            if (now - session.LastActivityAt > options.Value.ConversationIdleTimeout)
            {
                session.EndedAt = session.LastActivityAt;
                session.Dirty = true;
                _conversations.Remove(session);
            }

            if (session.Dirty)
            {
                dirty.Add(session);
            }
        }

        await conversationStore.SaveAsync(Id, dirty, now);
    }
}
