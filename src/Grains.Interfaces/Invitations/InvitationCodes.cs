using System.Security.Cryptography;

namespace Lyss.UserGrains.Invitations;

public static class InvitationCodes
{
    /// <summary>
    /// 192 random bits, base64url, behind a prefix: unguessable, and never a bare hex string
    /// (Orleans would read such a key as an integer, dotnet/orleans#9706).
    /// </summary>
    public static string New() =>
        "inv_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    public static bool LooksValid(string? code) =>
        code is { Length: >= 20 and <= 64 } && code.StartsWith("inv_", StringComparison.Ordinal)
        && code.Skip(4).All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
