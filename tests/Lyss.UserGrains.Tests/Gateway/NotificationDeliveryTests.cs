using System.Net;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway;

[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed class NotificationDeliveryTests(LiveStackFixture stack)
{
    [Fact]
    public async Task A_welcome_reaches_the_inbox_and_the_users_mailbox_over_smtp_and_preferences_turn_email_off()
    {
        var tenant = Guid.NewGuid();
        var admin = new ApiClient(stack.Http, stack.Token(tenant, "tenant-admin", "tenant:*", "user:*"));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/tenants", new { id = tenant, name = "Mail Co", auto_activate_users = true })).Status);
        var email = $"mail.{Guid.NewGuid():N}@example.com";
        var user = (await admin.PostAsync("/api/v1/users", new { email, name = "Mailed User" })).Body.GetProperty("id").GetGuid();

        // The tenant set no language and neither did the user: the welcome speaks Chinese.
        var mail = await stack.Smtp.ReceiveAsync(email, "欢迎加入");
        Assert.Contains("Mailed User，您好", mail.TextBody, StringComparison.Ordinal);

        var self = new ApiClient(stack.Http, stack.Token(tenant, user.ToString()));
        Assert.Equal(HttpStatusCode.OK, (await self.SendAsync(HttpMethod.Patch, $"/api/v1/users/{user}/preferences", new { notification = new { email_enabled = false } })).Status);
        var (sent, notice) = await admin.PostAsync($"/api/v1/users/{user}/notifications", new { notification_type = "maintenance", title = "In-app only now" });
        Assert.Equal(HttpStatusCode.Created, sent);
        Assert.Equal(2, (await self.GetAsync($"/api/v1/users/{user}/notifications")).Body.GetProperty("total").GetInt32());
        var delivery = await Eventually.MatchAsync(
            () => EmailDeliveryAsync(notice.GetProperty("id").GetGuid()), d => d is not null, TimeSpan.FromSeconds(30), "the dispatcher's decision on email");
        Assert.Equal("skipped", delivery);
        Assert.DoesNotContain(stack.Smtp.Messages, m => m.To == email && m.Data.Contains("In-app only now", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Read_all_marks_only_the_callers_unread_notifications_and_counts_them()
    {
        var tenant = Guid.NewGuid();
        var admin = new ApiClient(stack.Http, stack.Token(tenant, "tenant-admin", "tenant:*", "user:*"));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/tenants", new { id = tenant, name = "Inbox Co", auto_activate_users = true })).Status);
        var users = new Guid[2];
        for (var i = 0; i < users.Length; i++)
        {
            users[i] = (await admin.PostAsync("/api/v1/users", new { email = $"inbox{i}.{Guid.NewGuid():N}@example.com", name = $"Inbox {i}" })).Body.GetProperty("id").GetGuid();
            foreach (var title in new[] { "One", "Two" })
            {
                Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"/api/v1/users/{users[i]}/notifications", new { notification_type = "maintenance", title })).Status);
            }
        }

        // Each holds its welcome and two more; the first reads one, then all.
        var (me, other) = (new ApiClient(stack.Http, stack.Token(tenant, users[0].ToString())), new ApiClient(stack.Http, stack.Token(tenant, users[1].ToString())));
        var (_, inbox) = await me.GetAsync($"/api/v1/users/{users[0]}/notifications");
        Assert.Equal(3, inbox.GetProperty("unread_count").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, (await me.PostAsync($"/api/v1/users/{users[0]}/notifications/{inbox.GetProperty("notifications")[0].GetProperty("id").GetGuid()}/read")).Status);
        var (status, marked) = await me.PostAsync($"/api/v1/users/{users[0]}/notifications/read-all");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, marked.GetProperty("marked_read").GetInt32());
        var (_, after) = await me.GetAsync($"/api/v1/users/{users[0]}/notifications");
        Assert.Equal((0, 3), (after.GetProperty("unread_count").GetInt32(), after.GetProperty("total").GetInt32()));
        Assert.Equal(0, (await me.PostAsync($"/api/v1/users/{users[0]}/notifications/read-all")).Body.GetProperty("marked_read").GetInt32());

        // The other user's inbox is untouched, and nobody else may empty it.
        Assert.Equal(HttpStatusCode.Forbidden, (await me.PostAsync($"/api/v1/users/{users[1]}/notifications/read-all")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsync($"/api/v1/users/{users[1]}/notifications/read-all")).Status);
        Assert.Equal(3, (await other.GetAsync($"/api/v1/users/{users[1]}/notifications")).Body.GetProperty("unread_count").GetInt32());
    }

    [Fact]
    public async Task A_scheduled_notification_stays_hidden_until_its_time_then_appears_and_is_sent()
    {
        var tenant = Guid.NewGuid();
        var admin = new ApiClient(stack.Http, stack.Token(tenant, "tenant-admin", "tenant:*", "user:*"));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/tenants", new { id = tenant, name = "Later Co" })).Status);
        var email = $"later.{Guid.NewGuid():N}@example.com";
        var user = (await admin.PostAsync("/api/v1/users", new { email, name = "Later User", auto_activate = true })).Body.GetProperty("id").GetGuid();
        var self = new ApiClient(stack.Http, stack.Token(tenant, user.ToString()));
        var baseline = (await self.GetAsync($"/api/v1/users/{user}/notifications")).Body.GetProperty("total").GetInt32();

        // Far enough ahead that the POST and the GET below surely come before it on a loaded machine.
        var at = DateTimeOffset.UtcNow.AddSeconds(8);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"/api/v1/users/{user}/notifications", new { notification_type = "reminder", title = "Scheduled hello", scheduled_at = at })).Status);
        Assert.Equal(baseline, (await self.GetAsync($"/api/v1/users/{user}/notifications")).Body.GetProperty("total").GetInt32());
        Assert.DoesNotContain(stack.Smtp.Messages, m => m.To == email && m.Data.Contains("Scheduled hello", StringComparison.Ordinal));

        await Eventually.MatchAsync(
            () => Task.FromResult(stack.Smtp.Messages.Any(m => m.To == email && m.Data.Contains("Scheduled hello", StringComparison.Ordinal))),
            sent => sent, TimeSpan.FromSeconds(30), "the scheduled email");
        Assert.True(DateTimeOffset.UtcNow >= at);
        Assert.Equal(baseline + 1, (await self.GetAsync($"/api/v1/users/{user}/notifications")).Body.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Push_goes_to_its_webhook_and_sms_only_once_the_user_turns_it_on_and_has_a_phone()
    {
        var tenant = Guid.NewGuid();
        var admin = new ApiClient(stack.Http, stack.Token(tenant, "tenant-admin", "tenant:*", "user:*"));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/tenants", new { id = tenant, name = "Push Co" })).Status);
        var user = (await admin.PostAsync("/api/v1/users", new { email = $"p.{Guid.NewGuid():N}@example.com", name = "Pushed", phone = "+8613700000000", auto_activate = true }))
            .Body.GetProperty("id").GetGuid();
        bool Posted(string path, string title) => stack.Webhooks.Requests.Any(r => r.Path == path && r.Body.Contains(title, StringComparison.Ordinal) && r.Body.Contains(user.ToString(), StringComparison.Ordinal));

        var first = (await admin.PostAsync($"/api/v1/users/{user}/notifications", new { notification_type = "alert", title = "First alert", priority = "high" }))
            .Body.GetProperty("id").GetGuid();
        await Eventually.MatchAsync(() => Task.FromResult(Posted("/push", "First alert")), p => p, TimeSpan.FromSeconds(30), "the push webhook call");
        // SMS is decided after push: wait for the dispatcher's record of it before asserting it was not sent.
        var sms = await Eventually.MatchAsync(() => DeliveryAsync(first, "sms"), d => d is not null, TimeSpan.FromSeconds(30), "the dispatcher's decision on SMS");
        Assert.Equal("skipped", sms!.Value.Status);
        Assert.False(Posted("/sms", "First alert"), "SMS is off by default");

        var self = new ApiClient(stack.Http, stack.Token(tenant, user.ToString()));
        Assert.Equal(HttpStatusCode.OK, (await self.SendAsync(HttpMethod.Patch, $"/api/v1/users/{user}/preferences", new { notification = new { sms_enabled = true } })).Status);
        await admin.PostAsync($"/api/v1/users/{user}/notifications", new { notification_type = "alert", title = "Second alert" });
        await Eventually.MatchAsync(() => Task.FromResult(Posted("/sms", "Second alert")), p => p, TimeSpan.FromSeconds(30), "the SMS webhook call");
        Assert.Contains(stack.Webhooks.Requests, r => r.Path == "/sms" && r.Body.Contains("8613700000000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_line_break_in_a_title_is_400_and_one_already_stored_fails_alone_while_the_silo_goes_on()
    {
        var tenant = Guid.NewGuid();
        var admin = new ApiClient(stack.Http, stack.Token(tenant, "tenant-admin", "tenant:*", "user:*"));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/tenants", new { id = tenant, name = "Header Co" })).Status);
        var email = $"crlf.{Guid.NewGuid():N}@example.com";
        var user = (await admin.PostAsync("/api/v1/users", new { email, name = "Header User", auto_activate = true })).Body.GetProperty("id").GetGuid();
        var (refused, problem) = await admin.PostAsync($"/api/v1/users/{user}/notifications", new { notification_type = "maintenance", title = "Hi\r\nBcc: victim@example.com" });
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.True(problem.GetProperty("errors").TryGetProperty("title", out _));

        // A row written before the check (or by a path without it): sent with the line break folded into the
        // subject, or failed on its own — never a header of its own, never the end of the dispatcher.
        var poisoned = Guid.NewGuid();
        await using (var connection = new Npgsql.NpgsqlConnection(await TestDatabase.ConnectionStringAsync()))
        {
            await connection.OpenAsync();
            await using var insert = new Npgsql.NpgsqlCommand(
                """
                INSERT INTO user_notifications (id, user_id, tenant_id, notification_type, title, content, priority, channel, created_at)
                VALUES (@id, @user, @tenant, 'maintenance', E'Hi\r\nBcc: victim@example.com', 'x', 'normal', 'in_app', now())
                """, connection);
            insert.Parameters.AddWithValue("id", poisoned);
            insert.Parameters.AddWithValue("user", user);
            insert.Parameters.AddWithValue("tenant", tenant);
            await insert.ExecuteNonQueryAsync();
        }

        var delivery = await Eventually.MatchAsync(() => EmailDeliveryAsync(poisoned), d => d is not null, TimeSpan.FromSeconds(30), "the poisoned notification handled");
        Assert.Contains(delivery, new[] { "sent", "failed", "dead" });
        Assert.DoesNotContain(stack.Smtp.Messages, m => m.To.Contains("victim", StringComparison.Ordinal)
            || m.Data.Split('\n').Any(line => line.StartsWith("Bcc:", StringComparison.OrdinalIgnoreCase)));

        // The silo still dispatches.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"/api/v1/users/{user}/notifications", new { notification_type = "maintenance", title = "Still here" })).Status);
        await Eventually.MatchAsync(
            () => Task.FromResult(stack.Smtp.Messages.Any(m => m.To == email && m.Data.Contains("Still here", StringComparison.Ordinal))),
            sent => sent, TimeSpan.FromSeconds(30), "a later email");
    }

    [Fact]
    public async Task A_failing_channel_is_retried_with_back_off_on_its_own_and_ends_dead_after_the_last_attempt()
    {
        var tenant = Guid.NewGuid();
        var admin = new ApiClient(stack.Http, stack.Token(tenant, "tenant-admin", "tenant:*", "user:*"));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/tenants", new { id = tenant, name = "Retry Co" })).Status);
        var email = $"retry.{Guid.NewGuid():N}@example.com";
        var user = (await admin.PostAsync("/api/v1/users", new { email, name = "Retry User", auto_activate = true })).Body.GetProperty("id").GetGuid();

        // Three failures: the client's own retries (two) use up the first attempt; the second attempt succeeds.
        var flaky = (await admin.PostAsync($"/api/v1/users/{user}/notifications", new { notification_type = "maintenance", title = "fail-3 flaky push" })).Body.GetProperty("id").GetGuid();
        var broken = (await admin.PostAsync($"/api/v1/users/{user}/notifications", new { notification_type = "maintenance", title = "fail-always broken push" })).Body.GetProperty("id").GetGuid();

        var sent = await Eventually.MatchAsync(() => DeliveryAsync(flaky, "push"), d => d?.Status == "sent", TimeSpan.FromSeconds(30), "the flaky push sent");
        Assert.Equal(2, sent!.Value.Attempts);
        var dead = await Eventually.MatchAsync(() => DeliveryAsync(broken, "push"), d => d?.Status == "dead", TimeSpan.FromSeconds(60), "the broken push dead");
        Assert.Equal(3, dead!.Value.Attempts);

        // The email of each went once, on the first attempt: a retry repeats only the failing channel.
        Assert.Single(stack.Smtp.Messages, m => m.To == email && m.Data.Contains("flaky push", StringComparison.Ordinal));
        Assert.Single(stack.Smtp.Messages, m => m.To == email && m.Data.Contains("broken push", StringComparison.Ordinal));
        Assert.Equal(("sent", 1), await DeliveryAsync(broken, "email") is { } e ? (e.Status, e.Attempts) : default);
    }

    private static async Task<(string Status, int Attempts)?> DeliveryAsync(Guid notificationId, string channel)
    {
        await using var connection = new Npgsql.NpgsqlConnection(await TestDatabase.ConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT status, attempts FROM notification_deliveries WHERE notification_id = @id AND channel = @channel", connection);
        command.Parameters.AddWithValue("id", notificationId);
        command.Parameters.AddWithValue("channel", channel);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetString(0), reader.GetInt32(1)) : null;
    }

    private static async Task<string?> EmailDeliveryAsync(Guid notificationId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(await TestDatabase.ConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT status FROM notification_deliveries WHERE notification_id = @id AND channel = 'email'", connection);
        command.Parameters.AddWithValue("id", notificationId);
        return await command.ExecuteScalarAsync() as string;
    }
}
