using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace Lyss.UserGrains.Tests.Infrastructure;

/// <summary>
/// A live stack of its own with tracing on in both hosts and the silo's spans (which, in one
/// process, are every host's) kept in memory; JSON logs on, with their scopes recorded.
/// </summary>
public sealed class TracedStackFixture : LiveStackFixture
{
    /// <summary>Every span recorded while the stack runs (other tests' too: filter by trace id).</summary>
    public List<Activity> Spans { get; } = [];

    /// <summary>The gateway's log entries with their scopes.</summary>
    public ScopedLogRecorder GatewayLogs { get; } = new();

    protected override bool DeliversNotifications => false;

    // In one process the silo's tracer sees every host's spans: the in-memory exporter goes there only.
    protected override void ConfigureSilo(WebApplicationBuilder builder)
    {
        TraceWithJsonLogs(builder);
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
    }

    protected override void ConfigureGateway(WebApplicationBuilder builder)
    {
        TraceWithJsonLogs(builder);
        builder.Logging.AddProvider(GatewayLogs);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Microsoft.AspNetCore.Routing.EndpointMiddleware"] = "Information",
        });
    }

    private static void TraceWithJsonLogs(WebApplicationBuilder builder) =>
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lyss:Observability:Tracing"] = "true",
            ["Lyss:Observability:LogFormat"] = "Json",
        });

    /// <summary>The recorded spans of one trace, and those linking to it.</summary>
    public (List<Activity> InTrace, List<Activity> Linking) Trace(ActivityTraceId traceId)
    {
        lock (Spans)
        {
            return (
                [.. Spans.Where(s => s.TraceId == traceId)],
                [.. Spans.Where(s => s.TraceId != traceId && s.Links.Any(l => l.Context.TraceId == traceId))]);
        }
    }
}
