namespace Lyss.UserGrains.Gateway.Users;

/// <summary>A resend was taken in hand; the new code only where codes are exposed (development) and the caller is authenticated.</summary>
public sealed record ResendResponse(string Status, VerificationSecrets? Verification);
