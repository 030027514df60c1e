namespace Lyss.UserGrains.Gateway.Users;

/// <summary>
/// Verification secrets, shown only where <c>Lyss:Users:ExposeVerificationTokens</c> is on
/// (development and tests); elsewhere they travel by email or SMS.
/// </summary>
public sealed record VerificationSecrets(string? EmailToken, string? PhoneToken);
