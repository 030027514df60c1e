using Lyss.UserGrains.Common;
using Lyss.UserGrains.Tenants;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Tests.Grains.Users;

/// <summary>Fresh tenants, users and emails for each test.</summary>
public static class UserTestData
{
    public static string Email(string prefix = "user") => $"{prefix}.{Guid.NewGuid():N}@example.com";

    public static ActorContext Admin(Guid tenantId) => new() { Actor = "test-admin", TenantId = tenantId, IpAddress = "203.0.113.7", UserAgent = "tests/1.0" };

    public static async Task<Guid> NewTenantAsync(IGrainFactory grains, CreateTenantCommand? command = null)
    {
        var id = Guid.NewGuid();
        await grains.GetGrain<ITenantGrain>(id).CreateAsync(command ?? new CreateTenantCommand { Name = "Tenant " + id.ToString("N")[..6] }, Admin(id));
        return id;
    }

    public static Task<RegistrationResult> RegisterAsync(IGrainFactory grains, Guid tenantId, string? email = null, bool? autoActivate = null, string? phone = null) =>
        grains.GetGrain<IUserGrain>(Guid.NewGuid()).RegisterAsync(
            new RegisterUserCommand { Email = email ?? Email(), Name = "Test User", AutoActivate = autoActivate, Phone = phone },
            Admin(tenantId));
}
