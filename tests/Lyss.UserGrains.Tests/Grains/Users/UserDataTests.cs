using Lyss.UserGrains.Common;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Grains.Storage;
using Lyss.UserGrains.Grains.Users;
using Lyss.UserGrains.Tenants;
using Lyss.UserGrains.Tests.Infrastructure;
using Lyss.UserGrains.Users;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;
using static Lyss.UserGrains.Tests.Grains.Users.UserTestData;

namespace Lyss.UserGrains.Tests.Grains.Users;

[Trait("Needs", "Services")]
[Collection(PostgresClusterCollection.Name)]
public sealed class UserDataTests(PostgresClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task Two_concurrent_registrations_of_one_email_in_one_tenant_make_exactly_one_user()
    {
        var tenant = await NewTenantAsync(Grains);
        var email = Email("race");
        var attempts = Enumerable.Range(0, 8).Select(_ => Capture(RegisterAsync(Grains, tenant, email.ToUpperInvariant()))).ToList();
        var outcomes = await Task.WhenAll(attempts);

        Assert.Single(outcomes, o => o.Result is not null);
        Assert.All(outcomes.Where(o => o.Error is not null), o => Assert.Equal("user_exists", Assert.IsType<ConflictException>(o.Error).Code));
        var owner = await Grains.GetGrain<IEmailIndexGrain>(EmailAddress.IndexKey(email)).GetOwnerAsync();
        Assert.Equal(outcomes.Single(o => o.Result is not null).Result!.User.Id, owner);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM users WHERE lower(email) = lower(@p)", email));
        Assert.Equal(1, (await Grains.GetGrain<ITenantGrain>(tenant).GetAsync())!.MemberCount);
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_email_in_two_tenants_make_one_user_and_the_other_tenant_is_refused()
    {
        var first = await NewTenantAsync(Grains);
        var second = await NewTenantAsync(Grains);
        var email = Email("shared");
        var attempts = await Task.WhenAll(Attempt(first), Attempt(second));

        // Consent: the loser gets user_exists_elsewhere and gains no member; the winner's user is untouched.
        var won = Assert.Single(attempts, a => a.User is not null).User!;
        var refused = Assert.Single(attempts, a => a.Error is not null).Error!;
        Assert.Equal("user_exists_elsewhere", refused.Code);
        var user = (await Grains.GetGrain<IUserGrain>(won.Id).GetAsync())!;
        Assert.Single(user.Memberships);

        async Task<(UserView? User, ConflictException? Error)> Attempt(Guid tenant)
        {
            try
            {
                return ((await RegisterAsync(Grains, tenant, email)).User, null);
            }
            catch (ConflictException e)
            {
                return (null, e);
            }
        }
    }

    [Fact]
    public async Task Anonymization_scrubs_pii_from_grain_state_read_models_audit_rows_and_the_email_index()
    {
        var tenant = await NewTenantAsync(Grains);
        var email = Email("anon");
        var registered = await RegisterAsync(Grains, tenant, email, autoActivate: true, phone: "+8613912345678");
        var id = registered.User.Id;
        var user = Grains.GetGrain<IUserGrain>(id);
        await user.UpdateProfileAsync(new UpdateProfileCommand { DisplayName = "Secret Name", Location = "Hangzhou", Tags = ["vip"] }, Admin(tenant));
        await user.SetPreferencesAsync(new Dictionary<string, IReadOnlyDictionary<string, string>> { ["ui"] = new Dictionary<string, string> { ["theme"] = "\"dark\"" } }, false, Admin(tenant));

        await user.DeleteAsync(DeleteType.Anonymize, Admin(tenant));

        var view = (await user.GetAsync())!;
        Assert.Equal(UserStatus.Anonymized, view.Status);
        Assert.Null(view.Email);
        Assert.Null(view.Phone);
        var payload = await StorageRows.UserPayloadAsync(fixture.ConnectionString, id);
        Assert.NotEmpty(payload);
        foreach (var pii in new[] { email, "+8613912345678", "Secret Name", "Hangzhou", "Test User" })
        {
            Assert.DoesNotContain(pii, payload, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM users WHERE id = @p AND (email IS NOT NULL OR phone IS NOT NULL OR name = 'Test User')", id));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM tenant_members WHERE user_id = @p AND (email IS NOT NULL OR name = 'Test User')", id));
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM tenant_members WHERE user_id = @p", id));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM user_profiles WHERE user_id = @p AND (display_name IS NOT NULL OR location IS NOT NULL OR cardinality(tags) > 0)", id));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM user_preferences WHERE user_id = @p AND NOT is_default", id));
        Assert.Equal(0L, await ScalarAsync(
            "SELECT count(*) FROM user_events WHERE user_id = @p AND (ip_address IS NOT NULL OR user_agent IS NOT NULL OR event_data::text ILIKE '%' || @email || '%')",
            id, email));
        Assert.True(await ScalarAsync("SELECT count(*) FROM user_events WHERE user_id = @p", id) >= 4, "audit history is kept");
        Assert.Null(await Grains.GetGrain<IEmailIndexGrain>(EmailAddress.IndexKey(email)).GetOwnerAsync());

        var again = await RegisterAsync(Grains, tenant, email);
        Assert.NotEqual(id, again.User.Id);
    }

    [Fact]
    public async Task Hard_delete_removes_the_rows_keeps_a_scrubbed_audit_trail_and_a_tombstone()
    {
        var tenant = await NewTenantAsync(Grains);
        var email = Email("hard");
        var id = (await RegisterAsync(Grains, tenant, email, autoActivate: true)).User.Id;
        var user = Grains.GetGrain<IUserGrain>(id);

        await user.DeleteAsync(DeleteType.Hard, Admin(tenant));

        Assert.Null(await user.GetAsync());
        var access = await user.GetAccessAsync(tenant);
        Assert.True(access.IsUser);
        Assert.Equal(UserStatus.Deleted, access.Status);
        foreach (var table in new[] { "users WHERE id", "tenant_members WHERE user_id", "user_profiles WHERE user_id", "user_preferences WHERE user_id" })
        {
            Assert.Equal(0L, await ScalarAsync($"SELECT count(*) FROM {table} = @p", id));
        }

        Assert.Equal("user_hard_deleted", (await Grains.GetGrain<IUserQueryGrain>(0).ListEventsAsync(id, null, 1, 0)).Items[0].EventType);
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM user_events WHERE user_id = @p AND (ip_address IS NOT NULL OR event_data::text ILIKE '%' || @email || '%')", id, email));
        Assert.DoesNotContain(email, await StorageRows.UserPayloadAsync(fixture.ConnectionString, id), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, (await Grains.GetGrain<ITenantGrain>(tenant).GetAsync())!.MemberCount);
    }

    [Fact]
    public async Task The_application_role_may_insert_audit_rows_but_never_update_or_delete_them()
    {
        var tenant = await NewTenantAsync(Grains);
        var id = (await RegisterAsync(Grains, tenant)).User.Id;
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();

        foreach (var sql in new[]
        {
            "UPDATE user_events SET event_type = 'forged' WHERE user_id = @p",
            "DELETE FROM user_events WHERE user_id = @p",
            "TRUNCATE user_events",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("p", id);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        }

        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM user_events WHERE user_id = @p AND event_type = 'user_created'", id));
    }

    [Fact]
    public async Task Changing_the_email_moves_the_index_needs_verification_again_and_is_audited()
    {
        var tenant = await NewTenantAsync(Grains);
        var oldEmail = Email("old");
        var newEmail = Email("new");
        var id = (await RegisterAsync(Grains, tenant, oldEmail, autoActivate: true)).User.Id;
        var user = Grains.GetGrain<IUserGrain>(id);

        var result = await user.UpdateAsync(new UpdateUserCommand { Email = newEmail }, Admin(tenant));

        Assert.False(result.User.EmailVerified);
        Assert.NotNull(result.EmailVerificationToken);
        Assert.Equal(UserStatus.Active, result.User.Status);
        Assert.Null(await Grains.GetGrain<IEmailIndexGrain>(EmailAddress.IndexKey(oldEmail)).GetOwnerAsync());
        Assert.Equal(id, await Grains.GetGrain<IEmailIndexGrain>(EmailAddress.IndexKey(newEmail)).GetOwnerAsync());
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM user_events WHERE user_id = @p AND event_type = 'sensitive_fields_changed'", id));
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM user_notifications WHERE user_id = @p AND notification_type = 'security_alert' AND NOT is_read", id));
        Assert.True((await user.VerifyEmailAsync(result.EmailVerificationToken!, Admin(tenant))).EmailVerified);

        var other = (await RegisterAsync(Grains, tenant)).User.Id;
        var taken = await Assert.ThrowsAsync<ConflictException>(() => Grains.GetGrain<IUserGrain>(other).UpdateAsync(new UpdateUserCommand { Email = newEmail }, Admin(tenant)));
        Assert.Equal("email_taken", taken.Code);
    }

    [Fact]
    public async Task Bad_input_is_refused_naming_each_field_and_nothing_is_stored()
    {
        var tenant = await NewTenantAsync(Grains);
        var id = Guid.NewGuid();
        var error = await Assert.ThrowsAsync<ValidationException>(() => Grains.GetGrain<IUserGrain>(id).RegisterAsync(
            new RegisterUserCommand { Email = "not-an-email", Name = " x ", Phone = "12345", AvatarUrl = "http://insecure.example/a.png", Bio = new string('b', 2001) },
            Admin(tenant)));

        Assert.Equal(["avatar_url", "bio", "email", "name", "phone"], error.Errors.Keys.Order().ToArray());
        Assert.Null(await Grains.GetGrain<IUserGrain>(id).GetAsync());
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM users WHERE id = @p", id));
    }

    [Fact]
    public async Task Preferences_have_the_seed_defaults_merge_by_key_and_replace_by_category()
    {
        var tenant = await NewTenantAsync(Grains);
        var user = Grains.GetGrain<IUserGrain>((await RegisterAsync(Grains, tenant, autoActivate: true)).User.Id);
        var defaults = (await user.GetPreferencesAsync())!;
        Assert.Equal("\"zh-CN\"", defaults["ui"]["language"]);
        Assert.Equal("\"light\"", defaults["ui"]["theme"]);
        Assert.Equal("\"Asia/Shanghai\"", defaults["ui"]["timezone"]);
        Assert.Equal("true", defaults["notification"]["notification_enabled"]);

        await user.SetPreferencesAsync(Prefs("ui", ("theme", "\"dark\""), ("language", "\"en\"")), false, Admin(tenant));
        var merged = await user.SetPreferencesAsync(Prefs("ui", ("compact_mode", "true")), false, Admin(tenant));
        Assert.Equal("\"dark\"", merged["ui"]["theme"]);
        Assert.Equal("true", merged["ui"]["compact_mode"]);

        var replaced = await user.SetPreferencesAsync(Prefs("ui", ("compact_mode", "false")), true, Admin(tenant));
        Assert.Equal("\"light\"", replaced["ui"]["theme"]);

        var bad = await Assert.ThrowsAsync<ValidationException>(() => user.SetPreferencesAsync(Prefs("ui", ("colour", "1")), false, Admin(tenant)));
        Assert.Contains("ui.colour", bad.Errors.Keys);
    }

    [Fact]
    public async Task State_written_before_fields_were_added_is_read_by_todays_user_state()
    {
        // What the previous build of UserState wrote: a subset of today's fields, plus one since removed.
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(LyssStorage.ProviderName);
        var grainId = GrainId.Create("userv1", Guid.NewGuid().ToString());
        await storage.WriteStateAsync(UserState.StateName, grainId, new GrainState<OlderUserState>(new OlderUserState
        {
            Exists = true,
            Email = "old@example.com",
            Name = "Old Build",
            Status = UserStatus.Active,
            RemovedSince = "ignored",
        }));

        var today = new GrainState<UserState>(new UserState());
        await storage.ReadStateAsync(UserState.StateName, grainId, today);

        Assert.True(today.State!.Exists);
        Assert.Equal("old@example.com", today.State.Email);
        Assert.Equal(UserStatus.Active, today.State.Status);
        Assert.Empty(today.State.Memberships);
        Assert.NotNull(today.State.Profile);
        Assert.Empty(today.State.Preferences);
    }

    [Fact]
    public async Task User_state_survives_a_silo_restart()
    {
        await using var cluster = PostgresClusterFixture.BuildCluster(fixture.ConnectionString, silos: 1);
        await cluster.DeployAsync();
        var tenant = await NewTenantAsync(cluster.Client);
        var registered = await RegisterAsync(cluster.Client, tenant, autoActivate: true);
        await cluster.Client.GetGrain<IUserGrain>(registered.User.Id).UpdateProfileAsync(new UpdateProfileCommand { Location = "Shanghai" }, Admin(tenant));

        await cluster.StopSiloAsync(cluster.Silos[0]);
        await cluster.StartAdditionalSiloAsync();

        var after = await Eventually.SucceedsAsync(
            () => cluster.Client.GetGrain<IUserGrain>(registered.User.Id).GetAsync(), TimeSpan.FromSeconds(30), "the client to reach the new silo");
        Assert.Equal(registered.User with { UpdatedAt = after!.UpdatedAt, Memberships = after.Memberships }, after);
        Assert.Equal("Shanghai", (await cluster.Client.GetGrain<IUserGrain>(registered.User.Id).GetProfileAsync())!.Location);
        Assert.Equal(
            registered.User.Memberships.Select(m => (m.TenantId, m.Role, m.JoinedAt, m.InvitedBy, string.Join(",", m.Grants))),
            after.Memberships.Select(m => (m.TenantId, m.Role, m.JoinedAt, m.InvitedBy, string.Join(",", m.Grants))));
    }

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Prefs(string category, params (string Key, string Json)[] values) =>
        new Dictionary<string, IReadOnlyDictionary<string, string>> { [category] = values.ToDictionary(v => v.Key, v => v.Json) };

    private static async Task<(RegistrationResult? Result, Exception? Error)> Capture(Task<RegistrationResult> task)
    {
        try
        {
            return (await task, null);
        }
        catch (Exception e)
        {
            return (null, e);
        }
    }

    [Fact]
    public async Task A_link_local_caller_address_with_its_zone_is_kept_without_it_in_the_trail()
    {
        var tenant = await NewTenantAsync(Grains);
        var actor = new ActorContext { Actor = "admin", TenantId = tenant, IpAddress = "fe80::1%2" };
        var user = (await Grains.GetGrain<IUserGrain>(Guid.NewGuid()).RegisterAsync(
            new RegisterUserCommand { Email = $"zone.{Guid.NewGuid():N}@example.com", Name = "Zoned" }, actor)).User;

        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM user_events WHERE user_id = @p AND event_type = 'user_created' AND ip_address = 'fe80::1'::inet", user.Id));
    }

    private async Task<long> ScalarAsync(string sql, object p, string? email = null)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("p", p);
        if (email is not null)
        {
            command.Parameters.AddWithValue("email", email);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public sealed class OlderUserState
    {
        public bool Exists { get; set; }
        public string? Email { get; set; }
        public string Name { get; set; } = "";
        public UserStatus Status { get; set; }
        public string? RemovedSince { get; set; }
    }
}
