using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Client;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Tenants;
using Lyss.UserGrains.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// A .NET service calling the user grains as an Orleans client: registers a user in a tenant and
// tracks an activity for it, waiting until PostgreSQL holds it. Against ./run.sh:
//   dotnet run --project samples/ConsoleClient -- --ConnectionStrings:Redis 127.0.0.1:56379
var builder = Host.CreateApplicationBuilder(args);
builder.AddLyssUserGrainsClient();
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IClusterClient>();

// Grain calls carry who acts, for the audit trail: here a service principal of the tenant.
var tenantId = Guid.TryParse(builder.Configuration["tenant"], out var given) ? given : Guid.CreateVersion7();
var actor = new ActorContext { Actor = "sample-console-client", TenantId = tenantId };
var tenant = grains.GetGrain<ITenantGrain>(tenantId);
if (await tenant.GetAsync() is null)
{
    await tenant.CreateAsync(new CreateTenantCommand { Name = "Sample tenant", AutoActivateUsers = true }, actor);
}

var user = grains.GetGrain<IUserGrain>(Guid.CreateVersion7());
var email = builder.Configuration["email"] ?? $"sample.{Guid.NewGuid():N}@example.com";
var registered = await user.RegisterAsync(new RegisterUserCommand { Email = email, Name = "Sample User" }, actor);
Console.WriteLine($"registered {registered.User.Id} <{registered.User.Email}> {registered.User.Status.ToString().ToLowerInvariant()} in tenant {tenantId}");

var tracked = await user.TrackAsync(new TrackActivity { ActivityType = "feature_usage", ResourceId = "console-sample", Ack = AckMode.Durable }, tenantId);
Console.WriteLine($"tracked {tracked.Id} {tracked.Status.ToString().ToLowerInvariant()} {tracked.Durability?.ToString().ToLowerInvariant()}");

await host.StopAsync();
