using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Lyss.UserGrains.Silo.Health;

/// <summary>Writes a health report as JSON so that operators see which entry is failing and why.</summary>
public static class HealthResponseWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            duration_ms = report.TotalDuration.TotalMilliseconds,
            entries = report.Entries.ToDictionary(
                e => e.Key,
                e => new
                {
                    status = e.Value.Status.ToString().ToLowerInvariant(),
                    description = e.Value.Description,
                    error = e.Value.Exception?.Message,
                    data = e.Value.Data,
                }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
