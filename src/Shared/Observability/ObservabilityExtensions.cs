using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Lyss.UserGrains.Hosting;

/// <summary>
/// Traces and logs of a host (gateway or silo; linked into both): OpenTelemetry tracing of ASP.NET
/// Core, Orleans' grain-call sources and the service's own, exported over OTLP as the standard
/// <c>OTEL_*</c> settings say; the console log as text or JSON lines with their scopes.
/// </summary>
internal static class ObservabilityExtensions
{
    /// <summary>Orleans' spans of grain calls (client and server side) and of application code.</summary>
    public static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>The service's own spans (the activity writer's COPY among them).</summary>
    public const string LyssSources = "Lyss.UserGrains.*";

    /// <summary>
    /// Configures logging and, when on, tracing; returns the options so the host can turn on what
    /// tracing needs elsewhere (Orleans' activity propagation).
    /// </summary>
    /// <param name="builder">The host's builder.</param>
    /// <param name="serviceName">The traces' service name unless <c>OTEL_SERVICE_NAME</c> says otherwise.</param>
    /// <param name="recordTraces">False where another host of the process records them (the co-hosted gateway).</param>
    /// <param name="configureTracing">More instrumentation (the silo's Npgsql).</param>
    public static ObservabilityOptions AddLyssObservability(
        this IHostApplicationBuilder builder, string serviceName, bool recordTraces = true, Action<TracerProviderBuilder>? configureTracing = null)
    {
        var options = builder.AddValidatedOptions<ObservabilityOptions>(ObservabilityOptions.SectionName);
        if (options.LogFormat == LogFormat.Json)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
            // Scopes carry the trace and span ids of the current activity (the request's, the grain call's).
            builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        }

        options.Tracing = recordTraces && IsTracing(builder.Configuration, options.Tracing);
        if (options.Tracing != true)
        {
            return options;
        }

        var otlp = HasOtlpEndpoint(builder.Configuration);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : serviceName, serviceInstanceId: Environment.MachineName))
            .WithTracing(tracing =>
            {
                tracing
                    // Background work (pollers, timers, reminders) starts no trace of its own; requests do.
                    .SetSampler(new ParentBasedSampler(new NoBackgroundRootsSampler(RootRatio(builder.Configuration))))
                    .AddAspNetCoreInstrumentation(o => o.Filter = http =>
                        !IsOperationalPath(http.Request.Path) && http.RequestServices.GetService(typeof(UntracedWebHost)) is null)
                    .AddSource(OrleansSources)
                    .AddSource(LyssSources);
                configureTracing?.Invoke(tracing);
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        return options;
    }

    /// <summary>On when configured so, else when an OTLP endpoint is; never when <c>OTEL_SDK_DISABLED</c> is true.</summary>
    public static bool IsTracing(IConfiguration configuration, bool? configured) =>
        !string.Equals(configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase)
        && (configured ?? HasOtlpEndpoint(configuration));

    /// <summary>The share of new traces kept, as OpenTelemetry's standard sampler settings say (a ratio, or always on/off).</summary>
    public static double RootRatio(IConfiguration configuration) =>
        configuration["OTEL_TRACES_SAMPLER"]?.Trim().ToLowerInvariant() switch
        {
            "always_off" or "parentbased_always_off" => 0,
            "traceidratio" or "parentbased_traceidratio" => double.TryParse(configuration["OTEL_TRACES_SAMPLER_ARG"], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ratio)
                ? Math.Clamp(ratio, 0, 1)
                : 1,
            _ => 1,
        };

    private static bool HasOtlpEndpoint(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
        || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]);

    // Probes and scrapes every few seconds would bury the requests.
    private static bool IsOperationalPath(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");
}
