using Dapper;
using Lyss.UserGrains.Grains.Notifications;
using Lyss.UserGrains.Tests.Infrastructure;
using Npgsql;

namespace Lyss.UserGrains.Tests.Grains.Notifications;

/// <summary>A code lives in outbound_messages only until it is sent, void or expired.</summary>
[Trait("Needs", "Services")]
public sealed class OutboxStoreTests
{
    [Fact]
    public async Task Sent_and_expired_messages_lose_their_text_and_an_expired_one_is_never_claimed()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestDatabase.ConnectionStringAsync());
        var store = new OutboxStore(dataSource);
        var user = Guid.NewGuid();
        var (due, stale) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO outbound_messages (id, tenant_id, user_id, purpose, channel, recipient, language, subject, body, created_at, expires_at)
                VALUES (@due, @user, @user, 'email_verification', 'email', 'a@example.com', 'en', 'Confirm', 'code 1', '2000-01-01 00:00:01Z', now() + interval '1 hour'),
                       (@stale, @user, @user, 'phone_verification', 'sms', '+15550000000', 'en', '', 'code 2', '2000-01-01 00:00:00Z', now() - interval '1 second')
                """,
                new { due, stale, user });
        }

        // Claimed oldest first: dated in 2000, the expired row would come first if it could be claimed.
        // One row only, so the live stack's messages in this database are left alone; its sender may
        // claim ours first, and then sends it as we would.
        var claimed = await store.ClaimAsync(1, TimeSpan.FromMinutes(1), ["email", "sms"], CancellationToken.None);
        Assert.DoesNotContain(claimed, m => m.Id == stale);
        if (claimed.FirstOrDefault(m => m.Id == due) is { } mine)
        {
            Assert.Equal("code 1", mine.Body);
            await store.RecordAsync(due, "sent", null, null, CancellationToken.None);
        }

        await store.ExpireAsync(CancellationToken.None);

        await using var check = await dataSource.OpenConnectionAsync();
        var rows = await Eventually.MatchAsync(
            async () => (await check.QueryAsync<(Guid Id, string Status, string? Subject, string? Body, DateTime? SentAt)>(
                "SELECT id, status, subject, body, sent_at FROM outbound_messages WHERE user_id = @user ORDER BY status", new { user })).ToList(),
            r => r.All(m => m.Status != "queued"),
            TimeSpan.FromSeconds(30),
            "both rows done");
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.Id == stale && r.Status == "expired" && r.Subject is null && r.Body is null);
        Assert.Contains(rows, r => r.Id == due && r.Status == "sent" && r.Subject is null && r.Body is null && r.SentAt is not null);
    }
}
