using Lyss.UserGrains.Tenants;

namespace Lyss.UserGrains.Grains.Tenants;

[GenerateSerializer, Alias("lyss.tenants.TenantState")]
public sealed class TenantState
{
    public const string StateName = "tenant";

    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public bool AutoActivateUsers { get; set; }
    [Id(3)] public string DefaultRole { get; set; } = "member";
    [Id(4)] public int? SeatLimit { get; set; }
    [Id(5)] public List<string> AllowedEmailDomains { get; set; } = [];
    [Id(6)] public int DormancyDays { get; set; } = 90;
    [Id(7)] public int MemberCount { get; set; }
    [Id(8)] public DateTimeOffset CreatedAt { get; set; }
    [Id(9)] public string? CreatedBy { get; set; }

    /// <summary>Custom roles: name → permissions from the catalogue.</summary>
    [Id(10)] public Dictionary<string, List<string>> CustomRoles { get; set; } = [];

    /// <summary>Permissions every member of the tenant inherits, before any role.</summary>
    [Id(11)] public List<string> DefaultPermissions { get; set; } = [];
    [Id(12)] public bool DeactivateDormantUsers { get; set; }

    /// <summary>Anomaly thresholds of this tenant; unset fields use the silo's defaults.</summary>
    [Id(13)] public AlertRules AlertRules { get; set; } = new();

    /// <summary>IANA zone of the tenant's day boundaries in reports; UTC unless set.</summary>
    [Id(14)] public string Timezone { get; set; } = TenantDefaults.TimeZone;

    /// <summary>The language of texts sent to members who set none.</summary>
    [Id(15)] public string Language { get; set; } = TenantDefaults.Language;

    /// <summary>Seats reserved for silos' pools (<see cref="SeatLedger"/>), by lease id; at most one per pool.</summary>
    [Id(16)] public Dictionary<Guid, SeatLeaseState> Leases { get; set; } = [];

    /// <summary>A pool was lost with its lease: the count assumed every seat used until it is counted again.</summary>
    [Id(17)] public bool RecountMembers { get; set; }

    /// <summary>Seats of lost leases counted as used: a recount takes back at most these.</summary>
    [Id(18)] public int AssumedSeats { get; set; }
}
