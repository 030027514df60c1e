using System.ComponentModel.DataAnnotations;

namespace Lyss.UserGrains.Gateway.Limits;

/// <summary>What one caller may send (configuration section <c>Lyss:Gateway:Limits</c>).</summary>
public sealed class GatewayLimitsOptions
{
    public const string SectionName = "Lyss:Gateway:Limits";

    /// <summary>Largest request body on routes that set none of their own (the activity routes do); beyond it, 413.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Requests a minute per client address on the anonymous routes (verification, invitation lookup and acceptance); 0 turns the limit off.</summary>
    [Range(0, 1_000_000)]
    public int AnonymousPerMinute { get; set; } = 20;

    /// <summary>Refused write keys a minute per client address on the tracking routes; past it, 429 without a lookup (guessing keys costs the guesser).</summary>
    [Range(1, 1_000_000)]
    public int WriteKeyFailuresPerMinute { get; set; } = 30;

    /// <summary>Activity exports a tenant may run at once (each streams a scan for minutes); more answer 429.</summary>
    [Range(1, 100)]
    public int ExportsPerTenant { get; set; } = 2;

    /// <summary>Activity requests a second per tenant; 0 (the default) leaves ingestion unlimited.</summary>
    [Range(0, 10_000_000)]
    public int IngestionPerSecondPerTenant { get; set; }
}
