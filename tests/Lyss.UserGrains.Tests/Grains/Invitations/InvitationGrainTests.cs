using Lyss.UserGrains.Common;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Invitations;
using Lyss.UserGrains.Tenants;
using Lyss.UserGrains.Tests.Infrastructure;
using Lyss.UserGrains.Users;
using Npgsql;
using static Lyss.UserGrains.Tests.Grains.Users.UserTestData;

namespace Lyss.UserGrains.Tests.Grains.Invitations;

[Trait("Needs", "Services")]
[Collection(PostgresClusterCollection.Name)]
public sealed class InvitationGrainTests(PostgresClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    private static ActorContext Invitee => new() { Actor = "invitee", TenantId = Guid.Empty };

    [Fact]
    public async Task Concurrent_acceptances_of_one_code_make_exactly_one_membership()
    {
        var tenant = await NewTenantAsync(Grains);
        var email = Email("invitee");
        var code = InvitationCodes.New();
        await Grains.GetGrain<IInvitationGrain>(code).CreateAsync(new CreateInvitationCommand { InviteeEmail = email, Role = TenantRoles.Admin }, Admin(tenant));

        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            try
            {
                return (Result: await Grains.GetGrain<IInvitationGrain>(code).AcceptAsync(new AcceptInvitationCommand { Email = email, Name = $"Racer {i}" }, Invitee), Error: (Exception?)null);
            }
            catch (Exception e)
            {
                return (Result: (AcceptResult?)null, Error: e);
            }
        }));

        var winner = Assert.Single(attempts, a => a.Result is not null).Result!;
        Assert.All(attempts.Where(a => a.Error is not null), a => Assert.Equal("invitation_accepted", Assert.IsType<ConflictException>(a.Error).Code));
        Assert.Equal(TenantRoles.Admin, winner.Role);
        Assert.Equal(1, (await Grains.GetGrain<ITenantGrain>(tenant).GetAsync())!.MemberCount);
        var user = (await Grains.GetGrain<IUserGrain>(winner.UserId).GetAsync())!;
        Assert.Equal("test-admin", user.Memberships.Single().InvitedBy);
    }

    [Fact]
    public async Task Wrong_email_is_400_cancelled_409_and_expired_410()
    {
        var tenant = await NewTenantAsync(Grains);
        var email = Email("invitee");
        var wrong = InvitationCodes.New();
        await Grains.GetGrain<IInvitationGrain>(wrong).CreateAsync(new CreateInvitationCommand { InviteeEmail = email, Role = TenantRoles.Member }, Admin(tenant));
        var error = await Assert.ThrowsAsync<ValidationException>(() => Grains.GetGrain<IInvitationGrain>(wrong).AcceptAsync(new AcceptInvitationCommand { Email = Email("other"), Name = "Other" }, Invitee));
        Assert.Contains("email", error.Errors.Keys);

        await Grains.GetGrain<IInvitationGrain>(wrong).CancelAsync(Admin(tenant));
        Assert.Equal("invitation_cancelled", (await Assert.ThrowsAsync<ConflictException>(
            () => Grains.GetGrain<IInvitationGrain>(wrong).AcceptAsync(new AcceptInvitationCommand { Email = email, Name = "Late" }, Invitee))).Code);

        var expiring = InvitationCodes.New();
        await Grains.GetGrain<IInvitationGrain>(expiring).CreateAsync(new CreateInvitationCommand { InviteeEmail = email, Role = TenantRoles.Member, ExpiresIn = TimeSpan.FromDays(1) }, Admin(tenant));
        try
        {
            fixture.Clock.Offset = TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);
            Assert.Equal("invitation_expired", (await Assert.ThrowsAsync<GoneException>(
                () => Grains.GetGrain<IInvitationGrain>(expiring).AcceptAsync(new AcceptInvitationCommand { Email = email, Name = "Late" }, Invitee))).Code);
        }
        finally
        {
            fixture.Clock.Offset = TimeSpan.Zero;
        }

        var resent = await Grains.GetGrain<IInvitationGrain>(expiring).ResendAsync(3, Admin(tenant));
        Assert.Equal(InvitationStatus.Pending, resent.Status);
        Assert.Equal(expiring, resent.Code);
    }

    [Fact]
    public async Task The_reminder_expires_an_invitation_even_across_a_silo_restart()
    {
        await using var cluster = PostgresClusterFixture.BuildCluster(fixture.ConnectionString, silos: 1);
        await cluster.DeployAsync();
        var tenant = await NewTenantAsync(cluster.Client);
        var code = InvitationCodes.New();
        var expires = TimeSpan.FromSeconds(15);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var created = await cluster.Client.GetGrain<IInvitationGrain>(code).CreateAsync(
            new CreateInvitationCommand { InviteeEmail = Email("soon"), Role = TenantRoles.Viewer, ExpiresIn = expires }, Admin(tenant));

        await cluster.StopSiloAsync(cluster.Silos[0]);
        await cluster.StartAdditionalSiloAsync();
        // The restart came first, so only the new silo's reminder can expire it (a 4 s expiry could fire before the stop).
        Assert.True(clock.Elapsed < expires, $"the restart took {clock.Elapsed.TotalSeconds:0.0} s, longer than the expiry");
        Assert.Equal("pending", await StatusAsync(created.Id));

        // The read model, not the grain: a read through the grain would expire it by itself.
        await Eventually.MatchAsync(() => StatusAsync(created.Id), s => s == "expired", TimeSpan.FromSeconds(60), "the reminder to expire the invitation");
    }

    [Fact]
    public async Task An_accepted_invitation_of_a_user_credits_the_inviter()
    {
        var tenant = await NewTenantAsync(Grains);
        var inviter = (await RegisterAsync(Grains, tenant, autoActivate: true)).User.Id;
        var code = InvitationCodes.New();
        var email = Email("friend");
        await Grains.GetGrain<IInvitationGrain>(code).CreateAsync(
            new CreateInvitationCommand { InviteeEmail = email, Role = TenantRoles.Member }, Admin(tenant) with { Actor = inviter.ToString() });
        await Grains.GetGrain<IInvitationGrain>(code).AcceptAsync(new AcceptInvitationCommand { Email = email, Name = "Friend" }, Invitee);
        Assert.Equal(1, (await Grains.GetGrain<IUserGrain>(inviter).GetAsync())!.InvitationsAccepted);
    }

    [Fact]
    public async Task An_invitation_for_an_existing_user_lands_in_its_inbox_too()
    {
        var home = await NewTenantAsync(Grains);
        var email = Email("known");
        var existing = (await RegisterAsync(Grains, home, email, autoActivate: true)).User.Id;
        var inviting = await NewTenantAsync(Grains, new CreateTenantCommand { Name = "Inviting Tenant" });
        var code = InvitationCodes.New();
        await Grains.GetGrain<IInvitationGrain>(code).CreateAsync(new CreateInvitationCommand { InviteeEmail = email, Role = TenantRoles.Member }, Admin(inviting));

        var inbox = await Grains.GetGrain<Lyss.UserGrains.Notifications.INotificationInboxGrain>(0).ListAsync(existing, unreadOnly: true, 20, 0);
        var notice = Assert.Single(inbox.Page.Items, n => n.NotificationType == "invitation_received");
        Assert.Contains(code, notice.Content, StringComparison.Ordinal);
        Assert.Contains("Inviting Tenant", notice.Title, StringComparison.Ordinal);
    }

    private async Task<string?> StatusAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status FROM user_invitations WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync() as string;
    }
}
