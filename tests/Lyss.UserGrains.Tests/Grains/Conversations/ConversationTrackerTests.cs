using Lyss.UserGrains.Grains.Conversations;
using Microsoft.Extensions.Time.Testing;

namespace Lyss.UserGrains.Tests.Grains.Conversations;

/// <summary>Conversation sessions decided on a fake clock, without a cluster or a database.</summary>
public sealed class ConversationTrackerTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan SaveEvery = TimeSpan.FromMinutes(1);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
    private readonly Guid _tenant = Guid.NewGuid();

    private DateTimeOffset Now => _clock.GetUtcNow();

    private ConversationTurn Chat(string? topic = null, string? title = null) => new(Now, true, null, 0, 0, topic, title);

    private ConversationTurn Model(string model, long tokens, decimal cost) => new(Now, false, model, tokens, cost, null, null);

    /// <summary>Marks what the tracker asked to write as written (what the store does).</summary>
    private void Written(IEnumerable<ConversationSession> sessions)
    {
        foreach (var s in sessions)
        {
            s.SavedAt = Now;
            s.Dirty = false;
        }
    }

    private ConversationTurn ChatIn(string sessionId, string? topic = null) => new(Now, true, null, 0, 0, topic, null, sessionId);

    [Fact]
    public void Chats_with_their_own_session_ids_stay_apart_and_are_not_split_by_a_pause()
    {
        var tracker = new ConversationTracker([], Idle, SaveEvery);
        Written(tracker.Fold(_tenant, [ChatIn("a", "tax"), ChatIn("b", "visa"), Chat("loose")], Now));
        _clock.Advance(TimeSpan.FromMinutes(5));
        Written(tracker.Fold(_tenant, [ChatIn("b"), ChatIn("a"), ChatIn("a")], Now));
        Assert.Equal(
            [("a", 3, "tax"), ("b", 2, "visa"), (null, 1, "loose")],
            tracker.Open.Select(s => (s.ClientSessionId, s.MessageCount, s.Topic)).OrderBy(s => s.ClientSessionId ?? "~", StringComparer.Ordinal));

        // A pause longer than the idle timeout ends the unnamed session; a named one goes on within the batch.
        _clock.Advance(Idle + TimeSpan.FromMinutes(1));
        var written = tracker.Fold(_tenant, [ChatIn("a"), Chat("next")], Now);
        Assert.Contains(written, s => s.ClientSessionId is null && s.EndedAt is not null);
        Assert.Equal(4, tracker.Open.Single(s => s.ClientSessionId == "a").MessageCount);
        Assert.Equal(1, tracker.Open.Single(s => s.ClientSessionId is null).MessageCount);
    }

    [Fact]
    public void Past_the_open_limit_the_least_recently_active_named_session_ends()
    {
        var tracker = new ConversationTracker([], Idle, SaveEvery);
        for (var i = 0; i < ConversationTracker.MaxOpenPerTenant; i++)
        {
            Written(tracker.Fold(_tenant, [ChatIn($"s{i}")], Now));
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Written(tracker.Fold(_tenant, [ChatIn("s0")], Now));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var written = tracker.Fold(_tenant, [ChatIn("new")], Now);
        Assert.Contains(written, s => s.ClientSessionId == "s1" && s.EndedAt is not null);
        Assert.Equal(ConversationTracker.MaxOpenPerTenant, tracker.Open.Count);
        Assert.Contains(tracker.Open, s => s.ClientSessionId == "s0");
    }

    [Fact]
    public void A_first_turn_opens_a_session_that_must_be_written_and_later_turns_wait_for_the_save_interval()
    {
        var tracker = new ConversationTracker([], Idle, SaveEvery);
        var opened = tracker.Fold(_tenant, [Chat("billing", "Refund")], Now);
        var session = Assert.Single(opened);
        Assert.Equal((1, "billing", "Refund"), (session.MessageCount, session.Topic, session.Title));
        Written(opened);

        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Empty(tracker.Fold(_tenant, [Chat("other"), Model("gpt-4o", 120, 0.01m)], Now));
        Assert.Equal((2, 1, 120L, "billing"), (session.MessageCount, session.ModelCalls, session.TotalTokens, session.Topic));
        Assert.True(session.Dirty);

        _clock.Advance(TimeSpan.FromSeconds(45));
        Assert.Same(session, Assert.Single(tracker.Fold(_tenant, [Model("gpt-4o", 30, 0.002m)], Now)));
        Assert.Equal(TimeSpan.FromSeconds(65), session.LastActivityAt - session.StartedAt);
        Assert.Equal("gpt-4o", session.ModelUsed);
    }

    [Fact]
    public void A_gap_longer_than_the_idle_timeout_ends_the_session_at_its_last_turn_and_opens_the_next()
    {
        var tracker = new ConversationTracker([], Idle, SaveEvery);
        var first = Assert.Single(tracker.Fold(_tenant, [Chat()], Now));
        Written([first]);
        var lastTurn = Now;

        _clock.Advance(Idle + TimeSpan.FromSeconds(1));
        var save = tracker.Fold(_tenant, [Chat()], Now);
        Assert.Equal(2, save.Count);
        Assert.Equal(lastTurn, first.EndedAt);
        var second = Assert.Single(tracker.Open);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(Now, second.StartedAt);
    }

    [Fact]
    public void Exactly_the_idle_timeout_still_extends_and_turns_out_of_order_move_the_start_back()
    {
        var tracker = new ConversationTracker([], Idle, SaveEvery);
        var start = Now;
        var session = Assert.Single(tracker.Fold(_tenant, [Chat()], Now));
        _clock.Advance(Idle);
        tracker.Fold(_tenant, [Chat()], Now);
        Assert.Same(session, Assert.Single(tracker.Open));

        var earlier = new ConversationTurn(start - TimeSpan.FromMinutes(5), true, null, 0, 0, null, null);
        tracker.Fold(_tenant, [earlier], Now);
        Assert.Equal(start - TimeSpan.FromMinutes(5), session.StartedAt);
        Assert.Equal(3, session.MessageCount);
    }

    [Fact]
    public void Each_tenant_has_its_own_session_and_a_batch_in_any_order_is_folded_by_time()
    {
        var tracker = new ConversationTracker([], Idle, SaveEvery);
        var other = Guid.NewGuid();
        tracker.Fold(_tenant, [Chat()], Now);
        tracker.Fold(other, [Chat()], Now);
        Assert.Equal(2, tracker.Open.Count);

        // Two turns an hour apart, sent newest first: two sessions, not one.
        var later = new ConversationTurn(Now + TimeSpan.FromHours(1), true, null, 0, 0, null, null);
        var batch = tracker.Fold(_tenant, [later, Chat()], Now + TimeSpan.FromHours(1));
        Assert.Equal(2, batch.Count);
        Assert.NotNull(batch[0].EndedAt);
        Assert.Equal(2, batch[0].MessageCount);
    }

    [Fact]
    public void Flush_ends_idle_sessions_and_returns_every_unwritten_change()
    {
        var tracker = new ConversationTracker([], Idle, SaveEvery);
        Written(tracker.Fold(_tenant, [Chat()], Now));
        Assert.Empty(tracker.Flush(Now));

        _clock.Advance(TimeSpan.FromSeconds(10));
        tracker.Fold(_tenant, [Chat()], Now);
        var dirty = Assert.Single(tracker.Flush(Now));
        Assert.Null(dirty.EndedAt);
        Written([dirty]);

        _clock.Advance(Idle + TimeSpan.FromMinutes(1));
        var ended = Assert.Single(tracker.Flush(Now));
        Assert.NotNull(ended.EndedAt);
        Assert.Empty(tracker.Open);
    }
}
