namespace Lyss.UserGrains.Grains.Conversations;

/// <summary>
/// Folds conversational activities into a user's open sessions, deciding without I/O. A turn with the
/// client's own session id belongs to that conversation (at most <see cref="MaxOpenPerTenant"/> open per
/// tenant; past it the least recently active ends). A turn without one goes to the tenant's one
/// unnamed session: it opens it, extends it, or — after more than the idle timeout since the last turn,
/// in the time the activities occurred — ends it and opens the next. Sessions idle past the timeout end
/// at <see cref="Flush"/>. It says which sessions must be written; the grain writes them once.
/// </summary>
public sealed class ConversationTracker(List<ConversationSession> open, TimeSpan idleTimeout, TimeSpan saveInterval)
{
    public const int MaxOpenPerTenant = 20;

    public IReadOnlyList<ConversationSession> Open => open;

    /// <summary>
    /// Folds one batch's turns (any order) for a tenant. Returns the sessions to write now — every
    /// session the batch touched when one opened or ended or one was not written for
    /// <c>saveInterval</c> — or an empty list when the writes may wait.
    /// </summary>
    public IReadOnlyList<ConversationSession> Fold(Guid tenantId, IEnumerable<ConversationTurn> turns, DateTimeOffset now)
    {
        var changed = new List<ConversationSession>();
        var mustSave = false;
        foreach (var turn in turns.OrderBy(t => t.OccurredAt))
        {
            var at = turn.OccurredAt;
            var session = open.Find(s => s.TenantId == tenantId && s.ClientSessionId == turn.SessionId);
            if (session is not null && turn.SessionId is null && at - session.LastActivityAt > idleTimeout)
            {
                End(session);
                if (!changed.Contains(session))
                {
                    changed.Add(session);
                }

                mustSave = true;
                session = null;
            }

            if (session is null)
            {
                if (open.Count(s => s.TenantId == tenantId) >= MaxOpenPerTenant)
                {
                    var oldest = open.Where(s => s.TenantId == tenantId).MinBy(s => s.LastActivityAt)!;
                    End(oldest);
                    if (!changed.Contains(oldest))
                    {
                        changed.Add(oldest);
                    }
                }

                session = new ConversationSession
                {
                    Id = Guid.CreateVersion7(at), TenantId = tenantId, ClientSessionId = turn.SessionId, StartedAt = at, LastActivityAt = at,
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

            if (turn.IsChatMessage)
            {
                session.MessageCount++;
            }
            else
            {
                session.ModelCalls++;
            }

            if (turn.Model is { } model)
            {
                session.Models[model] = session.Models.GetValueOrDefault(model) + 1;
            }

            session.TotalTokens += turn.Tokens;
            session.TotalCost += turn.Cost;
            session.Topic ??= turn.Topic;
            session.Title ??= turn.Title;
            session.Dirty = true;
            if (!changed.Contains(session))
            {
                changed.Add(session);
            }
        }

        return mustSave || changed.Any(s => s.SavedAt is null || now - s.SavedAt >= saveInterval) ? changed : [];
    }

    /// <summary>Ends sessions idle past the timeout at <paramref name="now"/>; returns every session with unwritten changes.</summary>
    public IReadOnlyList<ConversationSession> Flush(DateTimeOffset now)
    {
        var dirty = new List<ConversationSession>();
        foreach (var session in open.ToList())
        {
            if (now - session.LastActivityAt > idleTimeout)
            {
                End(session);
            }

            if (session.Dirty)
            {
                dirty.Add(session);
            }
        }

        return dirty;
    }

    private void End(ConversationSession session)
    {
        session.EndedAt = session.LastActivityAt;
        session.Dirty = true;
        open.Remove(session);
    }
}
