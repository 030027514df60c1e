using Microsoft.AspNetCore.Http.HttpResults;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.OpenApi;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Users;
using Lyss.UserGrains.Reports;
using Lyss.UserGrains.Tenants;

namespace Lyss.UserGrains.Gateway.Reports;

/// <summary>
/// Activity reports as CSV or JSON, written to the response as rows come
/// out of PostgreSQL through the report grain: memory stays flat whatever the period holds.
/// </summary>
public static class ReportsEndpoints
{
    private const int MaxDays = 366;
    private static readonly string[] Columns =
        ["id", "user_id", "activity_type", "resource_type", "resource_id", "details", "ip_address", "user_agent", "session_id", "occurred_at", "received_at"];

    public static RouteGroupBuilder MapReportsEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/users/{id:guid}/activities/export", async (Guid id, HttpContext http, IGrainFactory grains, string? format, DateTimeOffset? from, DateTimeOffset? to) =>
        {
            var caller = http.GetCaller();
            await ExportAsync(http, grains, caller.TenantFor(http.TargetUser()), id, format, from, to, $"activities-{id}");
        }).WithName("ExportUserActivities").ProducesProblemOf(StatusCodes.Status429TooManyRequests).Produces<ActivityExportDocument>(StatusCodes.Status200OK, "application/json", "text/csv").Allow(Access.User(Permissions.ActivityRead).OrSelf()).WithTags("Reports").WithSummary("A user's activities of a period (default the last 30 days) as CSV or JSON, streamed.");
        api.MapGet("/admin/reports/activities", async (HttpContext http, IGrainFactory grains, string? format, DateTimeOffset? from, DateTimeOffset? to) =>
        {
            var caller = http.GetCaller();
            await ExportAsync(http, grains, caller.TenantId, null, format, from, to, $"activities-tenant-{caller.TenantId}");
        }).WithName("ExportTenantActivities").ProducesProblemOf(StatusCodes.Status429TooManyRequests).Produces<ActivityExportDocument>(StatusCodes.Status200OK, "application/json", "text/csv").Allow(Access.To(Permissions.AdminRead)).WithTags("Reports").WithSummary("The tenant's activities of a period (default the last 30 days) as CSV or JSON, streamed.");
        return api;
    }

    private static async Task ExportAsync(HttpContext http, IGrainFactory grains, Guid tenantId, Guid? userId, string? format, DateTimeOffset? from, DateTimeOffset? to, string name)
    {
        var csv = (format ?? "csv") switch
        {
            "csv" => true,
            "json" => false,
            _ => throw new ValidationException("format", "csv or json."),
        };
        var end = to ?? DateTimeOffset.UtcNow;
        var start = from ?? end.AddDays(-30);
        if (start >= end)
        {
            throw new ValidationException("from", "Must be before 'to'.");
        }

        if (end - start > TimeSpan.FromDays(MaxDays))
        {
            throw new ValidationException("from", $"A report covers at most {MaxDays} days.");
        }

        await using var slot = await ExportSlot.AcquireAsync(http, grains, tenantId);
        await StreamAsync(http, grains, slot.Id, tenantId, userId, start, end, csv, name);
    }

    private static async Task StreamAsync(HttpContext http, IGrainFactory grains, Guid exportId, Guid tenantId, Guid? userId, DateTimeOffset start, DateTimeOffset end, bool csv, string name)
    {
        var rows = grains.GetGrain<IActivityReportGrain>(exportId)
            .ExportAsync(tenantId, userId, start, end, http.RequestAborted)
            .WithBatchSize(500);
        http.Response.ContentType = csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.{(csv ? "csv" : "json")}\"";
        if (csv)
        {
            await WriteCsvAsync(http.Response.Body, rows, http.RequestAborted);
        }
        else
        {
            await WriteJsonAsync(http.Response.Body, rows, http.RequestAborted);
        }
    }

    /// <summary>Activity rows as CSV (a header, then one line per row), flushed every 500 rows.</summary>
    internal static async Task WriteCsvAsync(Stream body, IAsyncEnumerable<ExportedActivity> rows, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);
        await writer.WriteLineAsync(string.Join(',', Columns));
        var count = 0;
        await foreach (var r in rows)
        {
            string?[] values = [r.Id.ToString(), r.UserId.ToString(), r.ActivityType, r.ResourceType, r.ResourceId, r.Details, r.IpAddress, r.UserAgent, r.SessionId, Time(r.OccurredAt), Time(r.ReceivedAt)];
            await writer.WriteLineAsync(string.Join(',', values.Select(Escape)));
            if (++count % 500 == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        await writer.FlushAsync(cancellationToken);
    }

    private static async Task WriteJsonAsync(Stream body, IAsyncEnumerable<ExportedActivity> rows, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(body);
        json.WriteStartObject();
        json.WriteStartArray("activities");
        var count = 0;
        await foreach (var r in rows)
        {
            WriteActivity(json, r);
            if (++count % 500 == 0)
            {
                await json.FlushAsync(cancellationToken);
            }
        }

        json.WriteEndArray();
        json.WriteNumber("count", count);
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    /// <summary>One activity row as a JSON object (details as the stored JSON).</summary>
    internal static void WriteActivity(Utf8JsonWriter json, ExportedActivity r)
    {
        json.WriteStartObject();
        json.WriteString("id", r.Id);
        json.WriteString("user_id", r.UserId);
        json.WriteString("activity_type", r.ActivityType);
        json.WriteString("resource_type", r.ResourceType);
        json.WriteString("resource_id", r.ResourceId);
        json.WritePropertyName("details");
        if (r.Details is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteRawValue(r.Details, skipInputValidation: true);
        }

        json.WriteString("ip_address", r.IpAddress);
        json.WriteString("user_agent", r.UserAgent);
        json.WriteString("session_id", r.SessionId);
        json.WriteString("occurred_at", r.OccurredAt);
        json.WriteString("received_at", r.ReceivedAt);
        json.WriteEndObject();
    }

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180 quoting; a leading formula character is neutralised so a spreadsheet does not run it.</summary>
    private static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
