using System.Text.Json;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lyss.UserGrains.Tests.Gateway.Errors;

/// <summary>The statuses no live test can easily provoke (410, 503, 429 from a grain) as the one handler maps them.</summary>
public sealed class DomainExceptionHandlerTests
{
    private static async Task<(int Status, string? RetryAfter, JsonElement Body)> HandleAsync(Exception exception)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Path = "/api/v1/test";
        http.Response.Body = new MemoryStream();
        var handler = new DomainExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), NullLogger<DomainExceptionHandler>.Instance);
        Assert.True(await handler.TryHandleAsync(http, exception, CancellationToken.None));
        http.Response.Body.Position = 0;
        using var body = await JsonDocument.ParseAsync(http.Response.Body);
        return (http.Response.StatusCode, http.Response.Headers.RetryAfter.ToString() is { Length: > 0 } r ? r : null, body.RootElement.Clone());
    }

    [Fact]
    public async Task An_expired_invitation_is_410_with_its_code()
    {
        var (status, _, body) = await HandleAsync(new GoneException("This invitation has expired.") { Code = "invitation_expired" });
        Assert.Equal(410, status);
        Assert.Equal("invitation_expired", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Unavailable_stores_are_503_with_retry_after_and_their_code()
    {
        var (status, retry, body) = await HandleAsync(new UnavailableException("down") { Code = "store_unavailable" });
        Assert.Equal((503, "5"), (status, retry));
        Assert.Equal("store_unavailable", body.GetProperty("code").GetString());

        var (_, _, plain) = await HandleAsync(new UnavailableException("down"));
        Assert.Equal("unavailable", plain.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_unconfirmed_durable_write_is_503_outcome_unknown_naming_its_activities()
    {
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid() };
        var (status, retry, body) = await HandleAsync(new OutcomeUnknownException("unknown", ids) { Code = "outcome_unknown" });
        Assert.Equal((503, "5"), (status, retry));
        Assert.Equal("outcome_unknown", body.GetProperty("code").GetString());
        Assert.Equal(ids[0], body.GetProperty("id").GetGuid());
        Assert.Equal(ids, body.GetProperty("ids").EnumerateArray().Select(e => e.GetGuid()));
    }

    [Fact]
    public async Task Too_many_exports_is_429_with_retry_after()
    {
        var (status, retry, body) = await HandleAsync(new TooManyRequestsException("busy") { Code = "export_limit" });
        Assert.Equal((429, "30"), (status, retry));
        Assert.Equal("export_limit", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_unexpected_error_is_500_without_its_message()
    {
        var (status, _, body) = await HandleAsync(new InvalidOperationException("connection string Password=secret"));
        Assert.Equal(500, status);
        Assert.DoesNotContain("secret", body.ToString(), StringComparison.Ordinal);
    }
}
