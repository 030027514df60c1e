using System.Security.Cryptography;
using System.Text;

namespace Lyss.UserGrains.Visitors;

/// <summary>
/// A visitor: someone a tracking client names (an anonymousId, an unknown userId) who is no user of
/// the tenant yet. Its activities are stored like a user's, under an id derived from the tenant and
/// the name (UUID version 8, so PostgreSQL tells visitors from users: <c>is_visitor(uuid)</c>).
/// </summary>
public static class VisitorIds
{
    public const int MaxAnonymousIdLength = 255;

    public static Guid IdFor(Guid tenantId, string anonymousId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"lyss-visitor\n{tenantId:N}\n{anonymousId}"), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8: custom
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>Whether <paramref name="id"/> is a visitor's id (version 8) rather than a user's.</summary>
    public static bool IsVisitor(Guid id) => id.Version == 8;
}
