using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Lyss.UserGrains.Gateway.Hosting;

/// <summary>The gateway's own settings (section <c>Lyss:Gateway</c>; its limits are <c>Lyss:Gateway:Limits</c>).</summary>
public sealed class GatewayOptions : IValidatableObject
{
    public const string SectionName = "Lyss:Gateway";

    /// <summary>Proxies whose <c>X-Forwarded-For</c> names the client address of activities and audit rows.</summary>
    public string[] TrustedProxies { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        TrustedProxies.Where(p => !IPAddress.TryParse(p, out _))
            .Select(p => new ValidationResult($"'{p}' is not an IP address.", [nameof(TrustedProxies)]));
}
