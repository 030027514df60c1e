using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lyss.UserGrains.Gateway.Auth;

/// <summary>
/// Signs tokens with the gateway's own key: for development (<c>./run.sh token</c>) and tests.
/// Production tokens come from the platform's auth service.
/// </summary>
public sealed class TokenIssuer(LyssAuthOptions options, TimeProvider time)
{
    public static SymmetricSecurityKey KeyFrom(string signingKey) => new(Encoding.UTF8.GetBytes(signingKey));

    public string Issue(string subject, Guid tenantId, IEnumerable<string> permissions, TimeSpan lifetime)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(KeyFrom(options.SigningKey), SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                [ClaimNames.Subject] = subject,
                [ClaimNames.TenantId] = tenantId.ToString(),
                [ClaimNames.Permissions] = JsonSerializer.SerializeToElement(permissions.ToArray()),
            },
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
