namespace Lyss.UserGrains.Users;

[GenerateSerializer, Immutable, Alias("lyss.users.UpdateResult")]
public sealed record UpdateResult
{
    [Id(0)] public required UserView User { get; init; }

    /// <summary>New verification secrets when the email or phone changed.</summary>
    [Id(1)] public string? EmailVerificationToken { get; init; }
    [Id(2)] public string? PhoneVerificationToken { get; init; }
}
