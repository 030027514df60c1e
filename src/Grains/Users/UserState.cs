using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Grains.Users;

/// <summary>The persisted state of one <see cref="UserGrain"/>.</summary>
/// <remarks>
/// Stored as plain JSON by System.Text.Json: properties are matched by name and unknown
/// ones are ignored, so fields may be added without breaking stored rows. Everything here is
/// bounded: history beyond the latest stamp of each kind lives in <c>user_events</c>.
/// </remarks>
[GenerateSerializer, Alias("lyss.users.UserState")]
public sealed class UserState
{
    /// <summary>Unique among grain types: grains sharing a state name share storage rows (dotnet/orleans#8746).</summary>
    public const string StateName = "user";

    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string? Email { get; set; }
    [Id(2)] public string Name { get; set; } = "";
    [Id(3)] public UserStatus Status { get; set; }
    [Id(4)] public Guid HomeTenantId { get; set; }
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
    [Id(6)] public DateTimeOffset? UpdatedAt { get; set; }
    [Id(7)] public string? Phone { get; set; }
    [Id(8)] public string? AvatarUrl { get; set; }
    [Id(9)] public string? Bio { get; set; }
    [Id(10)] public bool EmailVerified { get; set; }
    [Id(11)] public bool PhoneVerified { get; set; }
    [Id(12)] public DateTimeOffset? LastLoginAt { get; set; }
    [Id(13)] public string? CreatedBy { get; set; }
    [Id(14)] public LifecycleStamp? Activated { get; set; }
    [Id(15)] public LifecycleStamp? Deactivated { get; set; }
    [Id(16)] public LifecycleStamp? Locked { get; set; }
    [Id(17)] public LifecycleStamp? Banned { get; set; }
    [Id(18)] public LifecycleStamp? Deleted { get; set; }
    [Id(19)] public LifecycleStamp? Anonymized { get; set; }
    [Id(20)] public DateTimeOffset? InactiveUntil { get; set; }
    [Id(21)] public DateTimeOffset? LockedUntil { get; set; }
    [Id(22)] public List<MembershipState> Memberships { get; set; } = [];
    [Id(23)] public VerificationTokenState? EmailToken { get; set; }
    [Id(24)] public VerificationTokenState? PhoneToken { get; set; }
    [Id(25)] public ProfileState Profile { get; set; } = new();
    [Id(26)] public Dictionary<string, Dictionary<string, string>> Preferences { get; set; } = [];
    [Id(27)] public DateTimeOffset? LastActivityAt { get; set; }
    [Id(28)] public string? LastActivityType { get; set; }

    /// <summary>Hard-deleted: everything else is gone, but tokens naming this id stay refused.</summary>
    [Id(29)] public bool Tombstoned { get; set; }

    /// <summary>Invitations this user sent that were accepted (the inviter's reward counter).</summary>
    [Id(30)] public int InvitationsAccepted { get; set; }

    /// <summary>Read from older state only: streaks now count per membership (<see cref="MembershipState.FailedLoginStreak"/>).</summary>
    [Id(31)] public int FailedLoginStreak { get; set; }

    /// <summary>Read from older state only: moved into <see cref="LoginRisk"/> on first use.</summary>
    [Id(32)] public List<string> KnownDevices { get; set; } = [];

    /// <summary>Read from older state only: moved into <see cref="LoginRisk"/> on first use.</summary>
    [Id(33)] public int[] LoginHours { get; set; } = [];

    /// <summary>Read from older state only: moved into <see cref="LoginRisk"/> on first use.</summary>
    [Id(34)] public GeoFix? LastGeo { get; set; }

    /// <summary>What the login rules remember (devices, hours, last location); null in state written before it.</summary>
    [Id(35)] public Risk.LoginRiskState? LoginRisk { get; set; }

    /// <summary>When email codes were last resent on request (within the hour, at most five: <see cref="VerificationThrottle"/>).</summary>
    [Id(36)] public List<DateTimeOffset> EmailCodeSends { get; set; } = [];

    /// <summary>When SMS codes were last resent, likewise.</summary>
    [Id(37)] public List<DateTimeOffset> PhoneCodeSends { get; set; } = [];
}
