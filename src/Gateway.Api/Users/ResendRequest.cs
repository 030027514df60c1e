using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Gateway.Users;

public sealed record ResendRequest(VerificationChannel? Channel);
