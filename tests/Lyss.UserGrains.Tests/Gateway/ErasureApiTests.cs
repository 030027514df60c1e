using System.Net;
using System.Text.Json;
using Dapper;
using Lyss.UserGrains.Tests.Infrastructure;
using Npgsql;
using StackExchange.Redis;

namespace Lyss.UserGrains.Tests.Gateway;

/// <summary>
/// A user seeded into every store, then erased: the receipt lists what was done, its verification
/// finds nothing, and an independent search of every text and json column agrees; the others' rows stay.
/// </summary>
[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed class ErasureApiTests(LiveStackFixture stack)
{
    [Theory]
    [InlineData("anonymize")]
    [InlineData("hard")]
    public async Task An_erased_user_leaves_no_value_in_any_column_or_the_spill_and_the_receipt_says_so(string mode)
    {
        var world = await SeedAsync();
        try
        {
            await EraseAndVerifyAsync(world, mode);
        }
        finally
        {
            await stack.ReleaseHeldSpillAsync(world.Owner);
        }
    }

    private async Task EraseAndVerifyAsync(World world, string mode)
    {
        await ExportHoldsEverythingAsync(world);
        var (status, receipt) = await world.Admin.SendAsync(HttpMethod.Delete, $"/api/v1/users/{world.Subject}?delete_type={mode}");
        Assert.True(status == HttpStatusCode.OK, receipt + "\nserver errors:\n" + stack.ServerErrors.Recent());

        Assert.Equal((world.Subject, mode, "tenant-admin"), (receipt.GetProperty("user_id").GetGuid(), receipt.GetProperty("mode").GetString(), receipt.GetProperty("requested_by").GetString()));
        var stores = receipt.GetProperty("stores").EnumerateArray().ToDictionary(s => s.GetProperty("store").GetString()!, s => s.GetProperty("count").GetInt64());
        Assert.True(stores["user_activities"] >= 3, receipt.ToString());
        Assert.Equal(1, stores["user_relationships"]);
        Assert.Equal(2, stores["team grain states"]);
        Assert.Equal(1, stores["user_invitations"]);
        Assert.Equal(1, stores["user_feedback"]);
        Assert.Equal(1, stores["user_activities_queue"]);
        var verification = receipt.GetProperty("verification");
        Assert.True(verification.GetProperty("columns_searched").GetInt32() >= 20, verification.ToString());
        // The anonymized row stays in the spill (scrubbed) and is searched; a hard delete removed it.
        Assert.True(verification.GetProperty("spill_searched").GetInt64() >= (mode == "hard" ? 0 : 1), verification.ToString());
        Assert.Empty(verification.GetProperty("matches").EnumerateArray());
        // A hard delete's receipt holds no value of the person.
        Assert.DoesNotContain(world.Email, receipt.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(world.Name, receipt.ToString(), StringComparison.Ordinal);

        // Later, the home tenant reads the same receipt; another tenant cannot.
        var (again, stored) = await world.Admin.GetAsync($"/api/v1/users/{world.Subject}/erasure");
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(receipt.GetProperty("completed_at").GetDateTimeOffset(), stored.GetProperty("completed_at").GetDateTimeOffset());
        var stranger = new ApiClient(stack.Http, stack.Token(Guid.NewGuid(), "other-admin", "user:*"));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/users/{world.Subject}/erasure")).Status);

        // An independent search: every text and json column of every table, and the spill.
        var found = await SearchEverywhereAsync(world);
        Assert.True(found.Count == 0, "still holding the person's values: " + string.Join(", ", found));
        var spilled = await stack.SpillRowsAsync(world.Owner);
        Assert.DoesNotContain(spilled, r => r.Contains(world.Subject.ToString(), StringComparison.Ordinal) && (r.Contains("note", StringComparison.Ordinal) || r.Contains(world.Ip, StringComparison.Ordinal)));
        Assert.Equal(mode == "hard" ? 0 : 1, spilled.Count(r => r.Contains(world.Subject.ToString(), StringComparison.Ordinal)));

        // The colleague's own rows are untouched.
        var (_, colleague) = await world.Admin.GetAsync($"/api/v1/users/{world.Colleague}");
        Assert.Equal(world.ColleagueEmail, colleague.GetProperty("email").GetString());
        await using var connection = new NpgsqlConnection(await TestDatabase.ConnectionStringAsync());
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM user_activities WHERE user_id = @Colleague AND host(ip_address) = @ColleagueIp AND details ? 'note'",
            new { world.Colleague, world.ColleagueIp }));
    }

    [Fact]
    public async Task A_user_erases_themself_with_their_own_token_and_nobody_else_of_the_tenant_can_without_the_permission()
    {
        var tenant = Guid.NewGuid();
        var admin = new ApiClient(stack.Http, stack.Token(tenant, "tenant-admin", "tenant:*", "user:*"));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/tenants", new { id = tenant, name = "Self Co", auto_activate_users = true })).Status);
        var id = (await admin.PostAsync("/api/v1/users", new { email = $"self.{Guid.NewGuid():N}@example.com", name = "Self Eraser" })).Body.GetProperty("id").GetGuid();
        var peer = (await admin.PostAsync("/api/v1/users", new { email = $"peer.{Guid.NewGuid():N}@example.com", name = "Peer" })).Body.GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.Forbidden, (await new ApiClient(stack.Http, stack.Token(tenant, peer.ToString())).SendAsync(HttpMethod.Delete, $"/api/v1/users/{id}?delete_type=anonymize")).Status);
        var (status, receipt) = await new ApiClient(stack.Http, stack.Token(tenant, id.ToString())).SendAsync(HttpMethod.Delete, $"/api/v1/users/{id}?delete_type=anonymize");
        Assert.True(status == HttpStatusCode.OK, receipt.ToString());
        Assert.Equal(id.ToString(), receipt.GetProperty("requested_by").GetString());
        Assert.Empty(receipt.GetProperty("verification").GetProperty("matches").EnumerateArray());
        Assert.Equal("anonymized", (await admin.GetAsync($"/api/v1/users/{id}")).Body.GetProperty("status").GetString());
    }

    /// <summary>Before the erasure, the user's own export holds every kind of item the erasure then goes through.</summary>
    private async Task ExportHoldsEverythingAsync(World world)
    {
        var self = new ApiClient(stack.Http, stack.Token(world.Tenant, world.Subject.ToString()));
        var (status, export) = await self.GetAsync($"/api/v1/users/{world.Subject}/export");
        Assert.True(status == HttpStatusCode.OK, export.ToString());
        Assert.Equal((world.Email, world.Phone), (export.GetProperty("identity").GetProperty("email").GetString(), export.GetProperty("identity").GetProperty("phone").GetString()));
        Assert.Equal("I like privacy", export.GetProperty("identity").GetProperty("bio").GetString());
        foreach (var section in new[] { "memberships", "events", "sessions", "alerts", "notifications", "messages", "relationships", "teams", "shares", "feedback", "invitations", "preferences" })
        {
            Assert.True(export.GetProperty(section).GetArrayLength() > 0, $"{section} is empty: {export}");
        }

        Assert.Contains(export.GetProperty("sessions").EnumerateArray(), s => s.GetProperty("title").GetString() == $"About {world.Name}");
        // Codes sent are listed (to whom, when), never the code itself.
        Assert.All(export.GetProperty("messages").EnumerateArray(), m => Assert.False(m.TryGetProperty("body", out _)));
        var activities = export.GetProperty("activities").GetProperty(world.Tenant.ToString());
        Assert.Contains(activities.EnumerateArray(), a => a.GetProperty("ip_address").GetString() == world.Ip && a.GetProperty("details").TryGetProperty("geo", out _));
        Assert.DoesNotContain(activities.EnumerateArray(), a => a.GetProperty("user_id").GetGuid() != world.Subject);

        // The zip: the same document and a CSV of the activity rows.
        using var response = await stack.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/users/{world.Subject}/export?format=zip")
        {
            Headers = { Authorization = new("Bearer", stack.Token(world.Tenant, world.Subject.ToString())) },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new System.IO.Compression.ZipArchive(await response.Content.ReadAsStreamAsync());
        Assert.Equal(["activities-" + world.Tenant + ".csv", "personal-data.json"], zip.Entries.Select(e => e.FullName).Order());
        using var csv = new StreamReader(zip.GetEntry($"activities-{world.Tenant}.csv")!.Open());
        var lines = (await csv.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(activities.GetArrayLength() + 1, lines.Length);

        // Another tenant's admin does not see the user; a plain colleague may not export it.
        Assert.Equal(HttpStatusCode.NotFound, (await new ApiClient(stack.Http, stack.Token(Guid.NewGuid(), "x", "user:*")).GetAsync($"/api/v1/users/{world.Subject}/export")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await self.GetAsync($"/api/v1/users/{world.Subject}/export?format=xml")).Status);
    }

    private async Task<World> SeedAsync()
    {
        var tenant = Guid.NewGuid();
        var admin = new ApiClient(stack.Http, stack.Token(tenant, "tenant-admin", "tenant:*", "user:*", "activity:*", "admin:*", "invitation:*", "team:*"));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/tenants", new { id = tenant, name = "Erasure Co", auto_activate_users = true })).Status);
        var world = new World
        {
            Tenant = tenant,
            Admin = admin,
            Email = $"Erase.Me.{Guid.NewGuid():N}@example.com",
            Phone = $"+1555{Random.Shared.Next(1_000_000, 9_999_999)}",
            Name = $"Zelda Q{Guid.NewGuid():N}"[..20],
            Ip = $"198.51.100.{Random.Shared.Next(2, 250)}",
            ColleagueEmail = $"colleague.{Guid.NewGuid():N}@example.com",
            ColleagueIp = "192.0.2.77",
            Owner = $"fake-silo-{Guid.NewGuid():N}",
        };
        world.Subject = (await admin.PostAsync("/api/v1/users", new { email = world.Email, name = world.Name, phone = world.Phone, bio = "I like privacy" })).Body.GetProperty("id").GetGuid();
        world.Colleague = (await admin.PostAsync("/api/v1/users", new { email = world.ColleagueEmail, name = "Colleague", role = "admin" })).Body.GetProperty("id").GetGuid();
        var self = new ApiClient(stack.Http, stack.Token(tenant, world.Subject.ToString()));
        var colleague = new ApiClient(stack.Http, stack.Token(tenant, world.Colleague.ToString()));

        // Activities with address, agent, free details and a place; a chat with a title; logins that raise a new-device alert.
        var (batch, _) = await admin.PostAsync("/api/v1/activities/batch", new
        {
            ack = "durable",
            activities = new object[]
            {
                new { user_id = world.Subject, activity_type = "page_view", ip_address = world.Ip, user_agent = "ZeldaBrowser/1.0", details = new { note = $"mail me at {world.Email}", geo = new { country = "NL", lat = 52.1, lon = 4.3 } } },
                new { user_id = world.Subject, activity_type = "chat_message", ip_address = world.Ip, session_id = "s-1", details = new { title = $"About {world.Name}", topic = "private", model = "gpt-4", tokens_used = 10 } },
                new { user_id = world.Subject, activity_type = "login", ip_address = world.Ip, user_agent = "ZeldaBrowser/1.0", details = new { success = true } },
                new { user_id = world.Subject, activity_type = "login", ip_address = "203.0.113.99", user_agent = "OtherDevice/2.0", details = new { success = true } },
                new { user_id = world.Colleague, activity_type = "page_view", ip_address = world.ColleagueIp, details = new { note = "colleague's own" } },
            },
        });
        Assert.Equal(HttpStatusCode.OK, batch);

        // Membership stores: a team, a friendship, a share with a message, feedback with a comment, an invitation to the email.
        var team = (await admin.PostAsync("/api/v1/teams", new { name = "Erasers" })).Body.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/teams/{team}/members", new { user_id = world.Subject, role = "member" })).Status);
        Assert.True((await self.PostAsync($"/api/v1/users/{world.Colleague}/follow")).Status is HttpStatusCode.OK or HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Created, (await self.PostAsync("/api/v1/shares", new { resource_type = "doc", resource_id = "d1", message = $"from {world.Name}", user_id = world.Colleague })).Status);
        Assert.Equal(HttpStatusCode.Created, (await self.PostAsync("/api/v1/feedback", new { rating = 5, comment = $"{world.Name} loves it" })).Status);
        var other = Guid.NewGuid();
        var otherAdmin = new ApiClient(stack.Http, stack.Token(other, "other-admin", "tenant:*", "user:*", "invitation:*", "activity:*", "admin:*", "team:*"));
        Assert.Equal(HttpStatusCode.Created, (await otherAdmin.PostAsync("/api/v1/tenants", new { id = other, name = "Inviter Co" })).Status);
        var (invited, invitation) = await otherAdmin.PostAsync("/api/v1/invitations", new { invitee_email = world.Email, role = "member" });
        Assert.Equal(HttpStatusCode.Created, invited);

        // The user joins that tenant with their own token and is put in one of its teams: erasure reaches there too.
        Assert.Equal(HttpStatusCode.OK, (await self.PostAsync($"/api/v1/invitations/{invitation.GetProperty("code").GetString()}/accept")).Status);
        var (teamCreated, otherTeam) = await otherAdmin.PostAsync("/api/v1/teams", new { name = "Elsewhere" });
        Assert.True(teamCreated == HttpStatusCode.Created, otherTeam.ToString());
        var (added, addedBody) = await otherAdmin.PostAsync($"/api/v1/teams/{otherTeam.GetProperty("id").GetGuid()}/members", new { user_id = world.Subject, role = "member" });
        Assert.True(added == HttpStatusCode.OK, addedBody.ToString());

        // A batch of the user's waiting in the spill (as the writer leaves it while PostgreSQL is down).
        await stack.PushHeldSpillAsync(world.Owner, new
        {
            Id = Guid.CreateVersion7(), UserId = world.Subject, TenantId = tenant, ActivityType = "page_view",
            Details = JsonSerializer.Serialize(new { note = world.Email, model = "m" }), IpAddress = world.Ip, UserAgent = "ZeldaBrowser/1.0",
            OccurredAt = DateTimeOffset.UtcNow, ReceivedAt = DateTimeOffset.UtcNow,
        });

        // Everything landed (the alert and the read models are written after the answers).
        await Eventually.MatchAsync(
            async () =>
            {
                await using var connection = new NpgsqlConnection(await TestDatabase.ConnectionStringAsync());
                return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM security_alerts WHERE user_id = @Subject", new { world.Subject });
            },
            n => n > 0, TimeSpan.FromSeconds(30), "a new-device alert about the user");
        return world;
    }

    /// <summary>Every text, json, inet or array column of every table, for the email and phone anywhere and the name and address in rows that name the user.</summary>
    private static async Task<List<string>> SearchEverywhereAsync(World world)
    {
        // As the owner of the schema: every table, also those the application role may not read.
        await using var connection = new NpgsqlConnection(await TestDatabase.AdminConnectionStringAsync());
        var columns = (await connection.QueryAsync<(string Table, string Column, string Type)>(
            """
            SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
            JOIN pg_class k ON k.relname = c.table_name AND k.relkind IN ('r', 'p') AND NOT k.relispartition
            JOIN pg_namespace n ON n.oid = k.relnamespace AND n.nspname = 'public'
            WHERE c.table_schema = 'public' AND c.data_type IN ('text', 'character varying', 'json', 'jsonb', 'inet', 'ARRAY', 'bytea')
            """)).ToList();
        var userColumns = (await connection.QueryAsync<(string Table, string Column)>(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name IN ('user_id', 'from_user_id', 'accepted_user_id')"))
            .GroupBy(c => c.Table).ToDictionary(g => g.Key, g => g.First().Column);
        var found = new List<string>();
        foreach (var (table, column, type) in columns)
        {
            var text = type == "bytea" ? $"encode(\"{column}\", 'escape')" : $"\"{column}\"::text";
            var own = userColumns.TryGetValue(table, out var user) ? $"\"{user}\" = @Subject" : "false";
            var count = await connection.ExecuteScalarAsync<long>(
                $"""
                SELECT count(*) FROM "{table}"
                WHERE strpos(lower({text}), lower(@Email)) > 0 OR strpos({text}, @Phone) > 0
                   OR ({own} AND (strpos({text}, @Name) > 0 OR strpos({text}, @Ip) > 0))
                """,
                new { world.Email, world.Phone, world.Name, world.Ip, world.Subject });
            if (count > 0)
            {
                found.Add($"{table}.{column} ({count})");
            }
        }

        return found;
    }

    private sealed class World
    {
        public Guid Tenant { get; init; }
        public required ApiClient Admin { get; init; }
        public Guid Subject { get; set; }
        public Guid Colleague { get; set; }
        public required string Email { get; init; }
        public required string Phone { get; init; }
        public required string Name { get; init; }
        public required string Ip { get; init; }
        public required string ColleagueEmail { get; init; }
        public required string ColleagueIp { get; init; }
        public required string Owner { get; init; }
    }
}
