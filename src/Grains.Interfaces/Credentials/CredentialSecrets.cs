using System.Security.Cryptography;
using System.Text;

namespace Lyss.UserGrains.Credentials;

/// <summary>The shape of a tenant's machine secrets: a kind prefix and 256 random bits, stored as their SHA-256.</summary>
public static class CredentialSecrets
{
    /// <summary>Characters of a secret shown in listings, the kind prefix included.</summary>
    public const int ShownPrefixLength = 12;

    public const int MaxPerKind = 20;

    public const int NameLength = 100;

    public static string PrefixOf(CredentialKind kind) => kind == CredentialKind.WriteKey ? "lyss_wk_" : "lyss_scim_";

    public static string NewSecret(CredentialKind kind) =>
        PrefixOf(kind) + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>Whether <paramref name="secret"/> can be one of <paramref name="kind"/> (a cheap check before any lookup).</summary>
    public static bool LooksLike(CredentialKind kind, string? secret) =>
        secret is { Length: > 20 and < 100 } s && s.StartsWith(PrefixOf(kind), StringComparison.Ordinal);
}
