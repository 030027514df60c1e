using System.ComponentModel.DataAnnotations;

namespace Lyss.UserGrains.Gateway.Auth;

/// <summary>
/// JWT validation settings (configuration section <c>Lyss:Auth</c>). The signing key has no
/// default: every environment supplies its own (run.sh generates one for development).
/// </summary>
public sealed class LyssAuthOptions
{
    public const string SectionName = "Lyss:Auth";

    [Required]
    public string Issuer { get; set; } = "lyss-auth";

    [Required]
    public string Audience { get; set; } = "lyss-user-grains";

    /// <summary>HMAC-SHA256 key, at least 32 bytes of UTF-8.</summary>
    [Required, MinLength(32, ErrorMessage = "The signing key must be at least 32 characters.")]
    public string SigningKey { get; set; } = "";

    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
