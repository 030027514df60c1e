using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Tests.Infrastructure;
using Lyss.UserGrains.Users;
using static Lyss.UserGrains.Tests.Grains.Users.UserTestData;

namespace Lyss.UserGrains.Tests.Grains.Users;

[Trait("Needs", "Services")]
[Collection(PostgresClusterCollection.Name)]
public sealed class UserLifecycleTests(PostgresClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    /// <summary>The lifecycle: which command is legal from which status, and where it leads.</summary>
    private static readonly Dictionary<string, Dictionary<UserStatus, UserStatus>> Legal = new()
    {
        ["activate"] = new() { [UserStatus.Pending] = UserStatus.Active, [UserStatus.Inactive] = UserStatus.Active },
        ["deactivate"] = new() { [UserStatus.Active] = UserStatus.Inactive },
        ["lock"] = new() { [UserStatus.Active] = UserStatus.Locked },
        ["unlock"] = new() { [UserStatus.Locked] = UserStatus.Active },
        ["ban"] = new()
        {
            [UserStatus.Active] = UserStatus.Banned, [UserStatus.Inactive] = UserStatus.Banned,
            [UserStatus.Pending] = UserStatus.Banned, [UserStatus.Locked] = UserStatus.Banned,
        },
        ["delete"] = new()
        {
            [UserStatus.Pending] = UserStatus.Deleted, [UserStatus.Active] = UserStatus.Deleted, [UserStatus.Inactive] = UserStatus.Deleted,
            [UserStatus.Locked] = UserStatus.Deleted, [UserStatus.Banned] = UserStatus.Deleted,
        },
        ["anonymize"] = new()
        {
            [UserStatus.Pending] = UserStatus.Anonymized, [UserStatus.Active] = UserStatus.Anonymized, [UserStatus.Inactive] = UserStatus.Anonymized,
            [UserStatus.Locked] = UserStatus.Anonymized, [UserStatus.Banned] = UserStatus.Anonymized, [UserStatus.Deleted] = UserStatus.Anonymized,
        },
    };

    public static TheoryData<UserStatus, string> EveryStatusAndCommand()
    {
        var data = new TheoryData<UserStatus, string>();
        foreach (var status in Enum.GetValues<UserStatus>())
        {
            foreach (var command in Legal.Keys)
            {
                data.Add(status, command);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStatusAndCommand))]
    public async Task Every_command_from_every_status_is_applied_or_refused_with_a_conflict(UserStatus from, string command)
    {
        var tenant = await NewTenantAsync(Grains);
        var id = await UserInStatusAsync(tenant, from);
        var user = Grains.GetGrain<IUserGrain>(id);
        var before = (await user.GetAsync())!;
        Assert.Equal(from, before.Status);

        if (Legal[command].TryGetValue(from, out var expected))
        {
            await RunAsync(user, command, tenant);
            Assert.Equal(expected, (await user.GetAsync())!.Status);
            var events = await Grains.GetGrain<IUserQueryGrain>(0).ListEventsAsync(id, tenant, 1, 0);
            Assert.Equal(Admin(tenant).Actor, events.Items[0].Actor);
        }
        else
        {
            var error = await Assert.ThrowsAsync<ConflictException>(() => RunAsync(user, command, tenant));
            Assert.Equal("illegal_transition", error.Code);
            Assert.Equal(from, (await user.GetAsync())!.Status);
        }
    }

    [Fact]
    public async Task Registration_without_auto_activation_is_pending_until_the_email_token_is_used_once()
    {
        var tenant = await NewTenantAsync(Grains);
        var result = await RegisterAsync(Grains, tenant, phone: "+8613800138000");
        Assert.True(result.RequiresVerification);
        Assert.Equal(UserStatus.Pending, result.User.Status);
        Assert.NotNull(result.EmailVerificationToken);
        Assert.NotNull(result.PhoneVerificationToken);
        var user = Grains.GetGrain<IUserGrain>(result.User.Id);

        var wrong = await Assert.ThrowsAsync<ValidationException>(() => user.VerifyEmailAsync("not-the-token", Admin(tenant)));
        Assert.Contains("token", wrong.Errors.Keys);

        var verified = await user.VerifyEmailAsync(result.EmailVerificationToken!, Admin(tenant));
        Assert.Equal(UserStatus.Active, verified.Status);
        Assert.True(verified.EmailVerified);

        var reused = await Assert.ThrowsAsync<ConflictException>(() => user.VerifyEmailAsync(result.EmailVerificationToken!, Admin(tenant)));
        Assert.Equal("token_used", reused.Code);

        var phone = await user.VerifyPhoneAsync(result.PhoneVerificationToken!, Admin(tenant));
        Assert.True(phone.PhoneVerified);
    }

    [Fact]
    public async Task A_verification_token_expires_after_24_hours()
    {
        var tenant = await NewTenantAsync(Grains);
        var result = await RegisterAsync(Grains, tenant);
        try
        {
            fixture.Clock.Offset = TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1);
            var expired = await Assert.ThrowsAsync<GoneException>(
                () => Grains.GetGrain<IUserGrain>(result.User.Id).VerifyEmailAsync(result.EmailVerificationToken!, Admin(tenant)));
            Assert.Equal("token_expired", expired.Code);
        }
        finally
        {
            fixture.Clock.Offset = TimeSpan.Zero;
        }

        Assert.Equal(UserStatus.Pending, (await Grains.GetGrain<IUserGrain>(result.User.Id).GetAsync())!.Status);
    }

    [Fact]
    public async Task Tokens_are_stored_only_as_hashes()
    {
        var tenant = await NewTenantAsync(Grains);
        var result = await RegisterAsync(Grains, tenant, phone: "+8613800138000");
        Assert.NotNull(result.EmailVerificationToken);
        Assert.NotNull(result.PhoneVerificationToken);
        var payload = await StorageRows.UserPayloadAsync(fixture.ConnectionString, result.User.Id);
        // Neither the email nor the phone code is in the grain's stored state; their hashes are.
        Assert.DoesNotContain(result.EmailVerificationToken!, payload, StringComparison.Ordinal);
        Assert.DoesNotContain(result.PhoneVerificationToken!, payload, StringComparison.Ordinal);
        using var state = System.Text.Json.JsonDocument.Parse(payload);
        Assert.Equal(64, state.RootElement.GetProperty("EmailToken").GetProperty("Hash").GetString()!.Length);
        Assert.Equal(64, state.RootElement.GetProperty("PhoneToken").GetProperty("Hash").GetString()!.Length);
    }

    [Fact]
    public async Task A_temporary_deactivation_is_lifted_by_the_reminder_at_its_until_time()
    {
        var tenant = await NewTenantAsync(Grains);
        var id = (await RegisterAsync(Grains, tenant, autoActivate: true)).User.Id;
        var user = Grains.GetGrain<IUserGrain>(id);
        var until = DateTimeOffset.UtcNow.AddSeconds(2);
        var deactivated = await user.DeactivateAsync("vacation", until, Admin(tenant));
        Assert.Equal(UserStatus.Inactive, deactivated.Status);

        var back = await Eventually.MatchAsync(() => user.GetAsync(), u => u!.Status == UserStatus.Active, TimeSpan.FromSeconds(60), "reactivation by the reminder");
        Assert.Null(back!.InactiveUntil);
        var events = await Grains.GetGrain<IUserQueryGrain>(0).ListEventsAsync(id, null, 1, 0);
        Assert.Equal("user_activated", events.Items[0].EventType);
        Assert.Equal("system", events.Items[0].Actor);
        // At its time, not before (the database's clock stamps the event; a second of slack for clock and rounding).
        Assert.True(events.Items[0].CreatedAt >= until.AddSeconds(-1), $"lifted at {events.Items[0].CreatedAt:O}, until {until:O}");
    }

    [Fact]
    public async Task A_lock_is_lifted_by_the_reminder_and_earlier_by_an_admin()
    {
        var tenant = await NewTenantAsync(Grains);
        var first = Grains.GetGrain<IUserGrain>((await RegisterAsync(Grains, tenant, autoActivate: true)).User.Id);
        var until = DateTimeOffset.UtcNow.AddSeconds(2);
        var locked = await first.LockAsync(until, "failed logins", Admin(tenant));
        await Eventually.MatchAsync(() => first.GetAsync(), u => u!.Status == UserStatus.Active, TimeSpan.FromSeconds(60), "unlock by the reminder");
        var unlocked = (await Grains.GetGrain<IUserQueryGrain>(0).ListEventsAsync(locked.Id, null, 1, 0)).Items[0];
        Assert.Equal("user_unlocked", unlocked.EventType);
        Assert.True(unlocked.CreatedAt >= until.AddSeconds(-1), $"lifted at {unlocked.CreatedAt:O}, until {until:O}");

        var second = Grains.GetGrain<IUserGrain>((await RegisterAsync(Grains, tenant, autoActivate: true)).User.Id);
        await second.LockAsync(DateTimeOffset.UtcNow.AddHours(1), null, Admin(tenant));
        Assert.Equal(UserStatus.Active, (await second.UnlockAsync(Admin(tenant))).Status);
    }

    [Fact]
    public async Task Until_times_in_the_past_are_refused()
    {
        var tenant = await NewTenantAsync(Grains);
        var user = Grains.GetGrain<IUserGrain>((await RegisterAsync(Grains, tenant, autoActivate: true)).User.Id);
        var error = await Assert.ThrowsAsync<ValidationException>(() => user.DeactivateAsync(null, DateTimeOffset.UtcNow.AddMinutes(-1), Admin(tenant)));
        Assert.Contains("until", error.Errors.Keys);
        await Assert.ThrowsAsync<ValidationException>(() => user.LockAsync(DateTimeOffset.UtcNow.AddMinutes(-1), null, Admin(tenant)));
    }

    private async Task<Guid> UserInStatusAsync(Guid tenant, UserStatus status)
    {
        var registered = await RegisterAsync(Grains, tenant, autoActivate: status != UserStatus.Pending);
        var user = Grains.GetGrain<IUserGrain>(registered.User.Id);
        var admin = Admin(tenant);
        switch (status)
        {
            case UserStatus.Inactive: await user.DeactivateAsync("test", null, admin); break;
            case UserStatus.Locked: await user.LockAsync(DateTimeOffset.UtcNow.AddHours(1), "test", admin); break;
            case UserStatus.Banned: await user.BanAsync("test", admin); break;
            case UserStatus.Deleted: await user.DeleteAsync(DeleteType.Soft, admin); break;
            case UserStatus.Anonymized: await user.DeleteAsync(DeleteType.Anonymize, admin); break;
        }

        return registered.User.Id;
    }

    private static Task RunAsync(IUserGrain user, string command, Guid tenant)
    {
        var admin = Admin(tenant);
        return command switch
        {
            "activate" => user.ActivateAsync(admin),
            "deactivate" => user.DeactivateAsync("reason", null, admin),
            "lock" => user.LockAsync(DateTimeOffset.UtcNow.AddHours(1), "reason", admin),
            "unlock" => user.UnlockAsync(admin),
            "ban" => user.BanAsync("reason", admin),
            "delete" => user.DeleteAsync(DeleteType.Soft, admin),
            "anonymize" => user.DeleteAsync(DeleteType.Anonymize, admin),
            _ => throw new ArgumentOutOfRangeException(nameof(command)),
        };
    }
}
