using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Grains.Common;
using Lyss.UserGrains.Grains.Storage;
using Lyss.UserGrains.Relationships;

namespace Lyss.UserGrains.Grains.Relationships;

public sealed class RelationshipGrain(
    [PersistentState(PairState.StateName, LyssStorage.ProviderName)] IPersistentState<PairState> state,
    RelationshipStore store,
    GrainClock clock)
    : Grain, IRelationshipGrain
{
    private PairState S => state.State;

    private (Guid Tenant, Guid Low, Guid High) Key
    {
        get
        {
            var parts = this.GetPrimaryKeyString().Split(':');
            return (Guid.Parse(parts[1]), Guid.Parse(parts[2]), Guid.Parse(parts[3]));
        }
    }

    public async Task ForgetAsync()
    {
        // The rows went with the erasure (erase_user_data); the state goes here (its row deleted on clear).
        await state.ClearStateAsync();
        state.State = new PairState();
    }

    public Task<RelationshipView> GetAsync(Guid from, Guid to)
    {
        RequirePair(from, to);
        return Task.FromResult(View(from));
    }

    public async Task<RelationshipView> ActAsync(Guid actor, Guid target, RelationshipAction action)
    {
        RequirePair(actor, target);
        var low = actor == Key.Low;
        bool Blocked() => S.LowBlocksHigh || S.HighBlocksLow;
        switch (action)
        {
            case RelationshipAction.Follow:
                Require(!Blocked(), "blocked", "One of you blocks the other.");
                Require(!Follows(low), "already_following", "Already following.");
                SetFollows(low, true);
                break;
            case RelationshipAction.Unfollow:
                Require(Follows(low), "not_following", "Not following.");
                SetFollows(low, false);
                break;
            case RelationshipAction.RequestFriendship:
                Require(!Blocked(), "blocked", "One of you blocks the other.");
                Require(!S.Friends, "already_friends", "Already friends.");
                Require(S.FriendRequestedBy is null, "request_pending", S.FriendRequestedBy == actor ? "A request is already pending." : "They already asked you: accept their request.");
                S.FriendRequestedBy = actor;
                break;
            case RelationshipAction.AcceptFriendship:
                Require(S.FriendRequestedBy == target, "no_request", "There is no friend request from this user.");
                S.FriendRequestedBy = null;
                S.Friends = true;
                break;
            case RelationshipAction.RejectFriendship:
                Require(S.FriendRequestedBy == target, "no_request", "There is no friend request from this user.");
                S.FriendRequestedBy = null;
                break;
            case RelationshipAction.Unfriend:
                Require(S.Friends, "not_friends", "Not friends.");
                S.Friends = false;
                break;
            case RelationshipAction.Block:
                Require(!Blocks(low), "already_blocked", "Already blocked.");
                // Blocking ends follows and friendship both ways.
                if (low) { S.LowBlocksHigh = true; } else { S.HighBlocksLow = true; }
                S.LowFollowsHigh = S.HighFollowsLow = S.Friends = false;
                S.FriendRequestedBy = null;
                break;
            case RelationshipAction.Unblock:
                Require(Blocks(low), "not_blocked", "Not blocked.");
                if (low) { S.LowBlocksHigh = false; } else { S.HighBlocksLow = false; }
                break;
            default:
                throw new ValidationException("action", "Unknown action.");
        }

        S.UpdatedAt = clock.UtcNow;
        await SaveRowsAsync(action == RelationshipAction.RequestFriendship ? (target, actor) : null);
        await state.WriteStateAsync();
        return View(actor);
    }

    private bool Follows(bool low) => low ? S.LowFollowsHigh : S.HighFollowsLow;

    private bool Blocks(bool low) => low ? S.LowBlocksHigh : S.HighBlocksLow;

    private void SetFollows(bool low, bool value)
    {
        if (low) { S.LowFollowsHigh = value; } else { S.HighFollowsLow = value; }
    }

    private static void Require(bool condition, string code, string message)
    {
        if (!condition)
        {
            throw new ConflictException(message) { Code = code };
        }
    }

    private void RequirePair(Guid a, Guid b)
    {
        var (_, low, high) = Key;
        if (a == b || !((a == low && b == high) || (a == high && b == low)))
        {
            throw new ValidationException("user_id", "A relationship needs two different users.");
        }
    }

    private RelationshipView View(Guid from)
    {
        var (_, low, high) = Key;
        var isLow = from == low;
        return new RelationshipView
        {
            From = from,
            To = isLow ? high : low,
            Following = Follows(isLow),
            FollowedBy = Follows(!isLow),
            Friendship = S.Friends ? "accepted" : S.FriendRequestedBy is null ? "none" : S.FriendRequestedBy == from ? "requested" : "pending",
            Blocking = Blocks(isLow),
            BlockedBy = Blocks(!isLow),
        };
    }

    /// <summary>The rows the pair's state stands for, handed to the store to rewrite.</summary>
    /// <param name="friendRequest">Recipient and sender of a new friend request, who hears of it in its inbox.</param>
    private async Task SaveRowsAsync((Guid To, Guid From)? friendRequest = null)
    {
        var (tenant, low, high) = Key;
        var rows = new List<(Guid From, Guid To, string Type, string Status)>();
        if (S.LowFollowsHigh) { rows.Add((low, high, "follow", "accepted")); }
        if (S.HighFollowsLow) { rows.Add((high, low, "follow", "accepted")); }
        if (S.Friends) { rows.Add((low, high, "friend", "accepted")); rows.Add((high, low, "friend", "accepted")); }
        if (S.FriendRequestedBy is { } requester) { rows.Add((requester, requester == low ? high : low, "friend", "pending")); }
        if (S.LowBlocksHigh) { rows.Add((low, high, "block", "accepted")); }
        if (S.HighBlocksLow) { rows.Add((high, low, "block", "accepted")); }

        await store.SavePairAsync(tenant, low, high, rows, S.UpdatedAt, friendRequest);
    }
}
