namespace Lyss.UserGrains.Users;

/// <summary>
/// The outcome of a registration. The verification secrets are handed to the trusted caller
/// (to deliver by email or SMS); only their hashes are kept.
/// </summary>
[GenerateSerializer, Immutable, Alias("lyss.users.RegistrationResult")]
public sealed record RegistrationResult
{
    [Id(0)] public required UserView User { get; init; }

    // Id(1) was LinkedExisting: registration no longer links another tenant's user (consent), so it is retired.

    [Id(2)] public bool RequiresVerification { get; init; }
    [Id(3)] public string? EmailVerificationToken { get; init; }
    [Id(4)] public string? PhoneVerificationToken { get; init; }
}
