using Lyss.UserGrains.Common;

namespace Lyss.UserGrains.Tenants;

/// <summary>One tenant: settings and seats (counted members and leases to silos' pools). Membership rows live in PostgreSQL.</summary>
[Alias("lyss.tenants.ITenantGrain")]
public interface ITenantGrain : IGrainWithGuidKey
{
    [Alias("Create")]
    Task<TenantView> CreateAsync(CreateTenantCommand command, ActorContext actor);

    /// <summary>
    /// Applies a JSON merge patch to the tenant's settings: each field's raw JSON value, <c>null</c> clearing
    /// it to its default. All fields are checked before any is applied; a seat limit below the members is 409.
    /// The change is recorded in the tenant's trail.
    /// </summary>
    [Alias("Patch")]
    Task<TenantView> PatchAsync(IReadOnlyDictionary<string, string> fields, ActorContext actor);

    [Alias("ListEvents")]
    Task<Page<Users.UserEventView>> ListEventsAsync(int limit, int offset);

    [Alias("Get")]
    Task<TenantView?> GetAsync();

    /// <summary>
    /// Takes a seat for <paramref name="userId"/> after checking the email domain and seat limit;
    /// returns the role to give (the requested one or the default).
    /// </summary>
    [Alias("Admit")]
    Task<Admission> AdmitAsync(Guid userId, string email, string? requestedRole);

    /// <summary>
    /// Settles a silo pool's lease <paramref name="settle"/> (<paramref name="used"/> of its seats became
    /// members, the rest are free again) and reserves up to <paramref name="wanted"/> seats in a new one.
    /// </summary>
    [Alias("LeaseSeats")]
    Task<SeatLease> LeaseSeatsAsync(Guid? settle, int used, int wanted);

    /// <summary>Settles a lease the pool no longer needs.</summary>
    [Alias("ReturnSeats")]
    Task ReturnSeatsAsync(Guid leaseId, int used);

    /// <summary>Custom roles of this tenant (name → permissions), beside the built-in ones.</summary>
    [Alias("GetRoles")]
    Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetRolesAsync();

    /// <summary>Creates or replaces a custom role; built-in names are refused.</summary>
    [Alias("PutRole")]
    Task<IReadOnlyList<string>> PutRoleAsync(string name, IReadOnlyList<string> permissions, ActorContext actor);

    [Alias("DeleteRole")]
    Task DeleteRoleAsync(string name, ActorContext actor);

    /// <summary>Tenant defaults, then the role's permissions: what a member of that role inherits.</summary>
    // Interleaves with everything: a pure read of settings, asked by user grains that may be
    // called by this same tenant grain (the dormancy sweep); waiting would deadlock.
    [Alias("ResolvePermissions"), Orleans.Concurrency.AlwaysInterleave]
    Task<ResolvedPermissions> ResolvePermissionsAsync(string? role);

    /// <summary>
    /// Finds members dormant longer than the tenant's threshold and, when the tenant enables it,
    /// deactivates them with reason <c>dormant</c>. Runs daily from a reminder; returns who was found.
    /// </summary>
    [Alias("SweepDormant")]
    Task<IReadOnlyList<Guid>> SweepDormantAsync();

    /// <summary>Frees the seat of a member who left or was removed.</summary>
    [Alias("Release")]
    Task ReleaseAsync(Guid userId);

    /// <summary>The tenant's anomaly thresholds (unset fields: silo defaults).</summary>
    // Interleaves for the same reason as ResolvePermissions: user grains ask while tracking.
    [Alias("GetAlertRules"), Orleans.Concurrency.AlwaysInterleave]
    Task<AlertRules> GetAlertRulesAsync();

    /// <summary>Replaces the tenant's anomaly thresholds; user grains pick them up within half a minute.</summary>
    [Alias("SetAlertRules")]
    Task<AlertRules> SetAlertRulesAsync(AlertRules rules, ActorContext actor);

    /// <summary>Scores every active member's engagement over the last 30 days for peer comparison (also daily); returns how many.</summary>
    [Alias("ScoreMembers")]
    Task<int> ScoreMembersAsync();
}
