using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lyss.UserGrains.Tenants;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway;

[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed class AuthenticationTests(LiveStackFixture stack)
{
    private static readonly Guid Tenant = Guid.NewGuid();

    private string UserUrl => $"/api/v1/users/{Guid.NewGuid()}";

    [Fact]
    public async Task A_request_without_a_token_is_refused_with_a_401_problem()
    {
        using var response = await stack.Http.GetAsync(UserUrl);
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var past = new FixedTime(DateTimeOffset.UtcNow.AddHours(-2));
        var token = new TokenIssuer(stack.AuthOptions, past).Issue("svc", Tenant, [Permissions.UserRead], TimeSpan.FromMinutes(30));
        await AssertProblemAsync(await SendAsync(token), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused() =>
        await AssertProblemAsync(await SendAsync(TokenWith(o => o.SigningKey = new string('x', 48))), HttpStatusCode.Unauthorized);

    [Fact]
    public async Task A_token_for_another_audience_is_refused() =>
        await AssertProblemAsync(await SendAsync(TokenWith(o => o.Audience = "some-other-service")), HttpStatusCode.Unauthorized);

    [Fact]
    public async Task A_token_from_another_issuer_is_refused() =>
        await AssertProblemAsync(await SendAsync(TokenWith(o => o.Issuer = "someone-else")), HttpStatusCode.Unauthorized);

    /// <summary>A token valid in every way but the one <paramref name="change"/> makes.</summary>
    private string TokenWith(Action<LyssAuthOptions> change)
    {
        var options = stack.AuthOptions;
        change(options);
        return new TokenIssuer(options, TimeProvider.System).Issue("svc", Tenant, [Permissions.UserRead], TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task A_garbage_token_is_refused()
    {
        await AssertProblemAsync(await SendAsync("not.a.jwt"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_valid_token_without_the_permission_gets_403()
    {
        var token = stack.Token(Tenant, "svc");
        await AssertProblemAsync(await SendAsync(token), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_valid_token_reaches_the_grain_and_an_unknown_user_is_a_404_problem()
    {
        var token = stack.Token(Tenant, "svc", Permissions.UserRead);
        var problem = await AssertProblemAsync(await SendAsync(token), HttpStatusCode.NotFound);
        Assert.Equal("user_not_found", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Area_wildcards_and_comma_separated_permissions_are_honoured()
    {
        Assert.True(Permissions.Covers("user:*", Permissions.UserRead));
        Assert.True(Permissions.Covers(Permissions.Platform, Permissions.AdminRead));
        Assert.False(Permissions.Covers("user:*", Permissions.ActivityRead));
        Assert.False(Permissions.Covers("user:read", Permissions.UserManage));

        var token = stack.Token(Tenant, "svc", "activity:read,user:*");
        await AssertProblemAsync(await SendAsync(token), HttpStatusCode.NotFound);
    }

    private async Task<HttpResponseMessage> SendAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, UserUrl);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await stack.Http.SendAsync(request);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            Assert.Equal(expected, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal((int)expected, json.RootElement.GetProperty("status").GetInt32());
            return json.RootElement.Clone();
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
