namespace Lyss.UserGrains.Users;

/// <summary>Where a verification code goes: the user's email (a link and the code) or phone (an SMS code).</summary>
[GenerateSerializer, Alias("lyss.users.VerificationChannel")]
public enum VerificationChannel
{
    Email,
    Phone,
}
