using System.Globalization;
using System.Threading.RateLimiting;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Lyss.UserGrains.Gateway.Limits;

/// <summary>Body size and request rates: no caller, signed in or not, can take the gateway for itself.</summary>
public static class LimitsExtensions
{
    /// <summary>Per client address on the anonymous routes.</summary>
    public const string AnonymousPolicy = "anonymous";

    /// <summary>Per tenant on the activity routes.</summary>
    public const string IngestionPolicy = "ingestion";

    public static WebApplicationBuilder AddLyssLimits(this WebApplicationBuilder builder)
    {
        // Kestrel's limit is set while the host is built.
        var maxBody = builder.AddValidatedOptions<GatewayLimitsOptions>(GatewayLimitsOptions.SectionName).MaxBodyBytes;
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = maxBody);
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RejectAsync;
            o.AddPolicy(AnonymousPolicy, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<GatewayLimitsOptions>>().Value;
                return limits.AnonymousPerMinute == 0
                    ? RateLimitPartition.GetNoLimiter("off")
                    : RateLimitPartition.GetFixedWindowLimiter(
                        http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.AnonymousPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            o.AddPolicy(IngestionPolicy, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<GatewayLimitsOptions>>().Value;
                return limits.IngestionPerSecondPerTenant == 0
                    ? RateLimitPartition.GetNoLimiter("off")
                    : RateLimitPartition.GetFixedWindowLimiter(
                        http.User.FindFirst(ClaimNames.TenantId)?.Value ?? "none",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.IngestionPerSecondPerTenant, Window = TimeSpan.FromSeconds(1), QueueLimit = 0 });
            });
        });
        return builder;
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 60;
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"Too many requests; retry after {retryAfter} s.",
                Extensions = { ["code"] = "rate_limited" },
            },
        });
    }
}
