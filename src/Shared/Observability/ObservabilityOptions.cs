namespace Lyss.UserGrains.Hosting;

/// <summary>
/// <c>Lyss:Observability</c>: traces and the console log's format. Where traces go is OpenTelemetry's
/// own standard settings (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>,
/// <c>OTEL_EXPORTER_OTLP_HEADERS</c>, <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>,
/// <c>OTEL_SDK_DISABLED</c>).
/// </summary>
public sealed class ObservabilityOptions
{
    public const string SectionName = "Lyss:Observability";

    /// <summary>
    /// Record traces. Unset: on exactly when an OTLP endpoint is configured, so nothing is traced
    /// (and grain calls carry no trace context) by default.
    /// </summary>
    public bool? Tracing { get; set; }

    public LogFormat LogFormat { get; set; } = LogFormat.Text;
}
