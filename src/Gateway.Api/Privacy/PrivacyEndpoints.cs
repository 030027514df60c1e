using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.OpenApi;
using Lyss.UserGrains.Gateway.Reports;
using Lyss.UserGrains.Privacy;
using Lyss.UserGrains.Reports;
using Lyss.UserGrains.Tenants;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Gateway.Privacy;

/// <summary>A person's rights over their data: the receipt of an erasure, and everything stored about them.</summary>
public static class PrivacyEndpoints
{
    public static RouteGroupBuilder MapPrivacyEndpoints(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users/{id:guid}").WithTags("Privacy");
        users.MapGet("/erasure", async (Guid id, HttpContext http, IGrainFactory grains) =>
        {
            var caller = http.GetCaller();
            return TypedResults.Ok(await grains.GetGrain<IUserQueryGrain>(0).GetErasureAsync(id, caller.IsPlatformOperator ? null : caller.TenantId)
                ?? throw NotFoundException.User(id));
        }).WithName("GetErasure").Allow(Access.To(Permissions.UserDelete))
            .WithSummary("The receipt of the user's erasure (also after a hard delete): stores, counts, verification; the home tenant's user:delete or platform:*.");
        users.MapGet("/export", Export).WithName("ExportPersonalData")
            .ProducesProblemOf(StatusCodes.Status429TooManyRequests)
            .Produces<JsonElement>(StatusCodes.Status200OK, "application/json", "application/zip")
            .Allow(Access.User(Permissions.UserManage).OrSelf())
            .WithSummary("Everything stored about the user (identity, profile, preferences, memberships, events, sessions, usage, alerts, notifications, relationships, teams, shares, feedback, invitations, activities) as JSON, or format=zip (personal-data.json and a CSV of activity rows per tenant); the user's own token or platform:* get every tenant's, a tenant's user:manage that tenant's.");
        return users;
    }

    private static async Task Export(Guid id, HttpContext http, IGrainFactory grains, string? format)
    {
        var zip = (format ?? "json") switch
        {
            "json" => false,
            "zip" => true,
            _ => throw new ValidationException("format", "json or zip."),
        };
        var caller = http.GetCaller();
        Guid? scope = caller.IsSelf(id) || caller.IsPlatformOperator ? null : caller.TenantId;
        // Exports share the tenant's slots with the activity reports; taken before anything is read.
        await using var slot = await ExportSlot.AcquireAsync(http, grains, caller.TenantId);
        var data = grains.GetGrain<IPersonalDataGrain>(0);
        var document = await data.ExportAsync(id, scope) ?? throw NotFoundException.User(id);
        var tenants = await data.ActivityTenantsAsync(id, scope);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"personal-data-{id}.{(zip ? "zip" : "json")}\"";
        http.Response.ContentType = zip ? "application/zip" : "application/json; charset=utf-8";
        if (zip)
        {
            await WriteZipAsync(http, grains, slot.Id, id, document, tenants);
        }
        else
        {
            await WriteJsonAsync(http, grains, slot.Id, id, document, tenants);
        }
    }

    private static IAsyncEnumerable<ExportedActivity> Activities(IGrainFactory grains, Guid exportId, Guid tenant, Guid userId, CancellationToken cancellationToken) =>
        grains.GetGrain<IActivityReportGrain>(exportId)
            .ExportAsync(tenant, userId, DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow.AddMinutes(1), cancellationToken)
            .WithBatchSize(500);

    private static async Task WriteJsonAsync(HttpContext http, IGrainFactory grains, Guid exportId, Guid userId, string document, IReadOnlyList<Guid> tenants)
    {
        var cancellationToken = http.RequestAborted;
        await using var json = new Utf8JsonWriter(http.Response.Body);
        json.WriteStartObject();
        using (var parsed = JsonDocument.Parse(document))
        {
            foreach (var property in parsed.RootElement.EnumerateObject())
            {
                property.WriteTo(json);
            }
        }

        json.WriteStartObject("activities");
        foreach (var tenant in tenants)
        {
            json.WriteStartArray(tenant.ToString());
            var count = 0;
            await foreach (var row in Activities(grains, exportId, tenant, userId, cancellationToken))
            {
                ReportsEndpoints.WriteActivity(json, row);
                if (++count % 500 == 0)
                {
                    await json.FlushAsync(cancellationToken);
                }
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    private static async Task WriteZipAsync(HttpContext http, IGrainFactory grains, Guid exportId, Guid userId, string document, IReadOnlyList<Guid> tenants)
    {
        // ZipArchive writes synchronously to its stream: it goes to a buffer file, then out.
        var path = Path.GetTempFileName();
        try
        {
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                using (var archive = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
                {
                    await using (var entry = archive.CreateEntry("personal-data.json").Open())
                    {
                        await entry.WriteAsync(Encoding.UTF8.GetBytes(document), http.RequestAborted);
                    }

                    foreach (var tenant in tenants)
                    {
                        await using var entry = archive.CreateEntry($"activities-{tenant}.csv").Open();
                        await ReportsEndpoints.WriteCsvAsync(entry, Activities(grains, exportId, tenant, userId, http.RequestAborted), http.RequestAborted);
                    }
                }

                file.Position = 0;
                http.Response.ContentLength = file.Length;
                await file.CopyToAsync(http.Response.Body, http.RequestAborted);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
