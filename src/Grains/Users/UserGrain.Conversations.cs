using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Grains.Activities;
using Lyss.UserGrains.Grains.Conversations;

namespace Lyss.UserGrains.Grains.Users;

/// <summary>
/// Conversation sessions (decided by <see cref="ConversationTracker"/>): a row is written when a
/// session opens or ends, at most a minute after other changes, before an analysis reads it and
/// at deactivation; the raw activities stay the source of truth should a silo die in between.
/// </summary>
public sealed partial class UserGrain
{
    private static readonly TimeSpan ConversationSaveInterval = TimeSpan.FromMinutes(1);

    private ConversationTracker? _conversations;

    private async Task<ConversationTracker> ConversationsAsync() =>
        _conversations ??= new ConversationTracker(
            await conversationStore.LoadOpenAsync(Id), options.Value.ConversationIdleTimeout, ConversationSaveInterval);

    /// <summary>Folds a batch's conversational activities into the open sessions, then writes what must be written.</summary>
    private async Task TrackConversationsAsync(Guid tenantId, IEnumerable<(ActivityRecord Record, DetailFields Fields)> activities, DateTimeOffset now)
    {
        var tracker = await ConversationsAsync();
        var save = tracker.Fold(
            tenantId,
            activities.Select(a => new ConversationTurn(
                a.Record.OccurredAt, a.Record.ActivityType == ActivityTypes.ChatMessage, a.Fields.Model ?? a.Record.Model,
                a.Record.Tokens, a.Record.Cost, a.Fields.Topic, a.Fields.Title, a.Record.SessionId)),
            now);
        await conversationStore.SaveAsync(Id, save, now);
    }

    /// <summary>Ends sessions idle past the timeout and writes every unsaved change (analysis, deactivation).</summary>
    private async Task SaveConversationsAsync()
    {
        if (_conversations is not null)
        {
            var now = Now;
            await conversationStore.SaveAsync(Id, _conversations.Flush(now), now);
        }
    }
}
