namespace Lyss.UserGrains.Grains.Users;

/// <summary>A pending email or phone verification: only the SHA-256 of the secret is kept.</summary>
[GenerateSerializer, Alias("lyss.users.VerificationTokenState")]
public sealed class VerificationTokenState
{
    [Id(0)] public string Hash { get; set; } = "";
    [Id(1)] public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The address being verified, so a later change invalidates the token.</summary>
    [Id(2)] public string Target { get; set; } = "";

    /// <summary>Wrong codes tried against it (phone codes are void after <see cref="UserGrain.PhoneCodeTries"/>).</summary>
    [Id(3)] public int FailedAttempts { get; set; }
}
