using Lyss.UserGrains.Common;
using Lyss.UserGrains.Tenants;
using Lyss.UserGrains.Tests.Infrastructure;
using Lyss.UserGrains.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Lyss.UserGrains.Tests.Grains.Users;

/// <summary>Another .NET service, with only Grains.Interfaces and an Orleans client, driving users.</summary>
[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed class ExternalClientTests(LiveStackFixture stack)
{
    [Fact]
    public async Task An_external_orleans_client_registers_manages_and_lists_users()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = stack.ClusterId;
                o.ServiceId = stack.ServiceId;
            });
            client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(TestServices.Redis));
        });
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IClusterClient>();

        var tenantId = Guid.NewGuid();
        var actor = new ActorContext { Actor = "billing-service", TenantId = tenantId };
        await grains.GetGrain<ITenantGrain>(tenantId).CreateAsync(new CreateTenantCommand { Name = "Via client", AutoActivateUsers = true }, actor);
        var registered = await grains.GetGrain<IUserGrain>(Guid.NewGuid()).RegisterAsync(
            new RegisterUserCommand { Email = $"client.{Guid.NewGuid():N}@example.com", Name = "Client Made" }, actor);
        Assert.Equal(UserStatus.Active, registered.User.Status);

        var user = grains.GetGrain<IUserGrain>(registered.User.Id);
        var locked = await user.LockAsync(DateTimeOffset.UtcNow.AddHours(1), "suspicious", actor);
        Assert.Equal(UserStatus.Locked, locked.Status);
        var error = await Assert.ThrowsAsync<Lyss.UserGrains.Errors.ConflictException>(() => user.DeactivateAsync(null, null, actor));
        Assert.Equal("illegal_transition", error.Code);

        var page = await grains.GetGrain<IUserQueryGrain>(0).ListUsersAsync(tenantId, new UserListQuery());
        Assert.Equal(registered.User.Id, Assert.Single(page.Items).Id);
        Assert.Equal(UserStatus.Locked, page.Items[0].Status);

        // Invitations and their acceptance work the same from another service.
        var code = Lyss.UserGrains.Invitations.InvitationCodes.New();
        var inviteeEmail = $"invited.{Guid.NewGuid():N}@example.com";
        await grains.GetGrain<Lyss.UserGrains.Invitations.IInvitationGrain>(code).CreateAsync(
            new Lyss.UserGrains.Invitations.CreateInvitationCommand { InviteeEmail = inviteeEmail, Role = TenantRoles.Viewer }, actor);
        var accepted = await grains.GetGrain<Lyss.UserGrains.Invitations.IInvitationGrain>(code).AcceptAsync(
            new Lyss.UserGrains.Invitations.AcceptInvitationCommand { Email = inviteeEmail, Name = "Invited Person" }, actor);
        Assert.Equal(TenantRoles.Viewer, accepted.Role);
        Assert.Equal(2, (await grains.GetGrain<IUserQueryGrain>(0).ListUsersAsync(tenantId, new UserListQuery())).Total);
        await host.StopAsync();
    }
}
