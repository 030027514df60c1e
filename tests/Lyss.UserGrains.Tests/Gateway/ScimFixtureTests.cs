using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway;

/// <summary>
/// The request sequences Entra ID and Okta send while provisioning (ScimFixtures/*.json, from their
/// published SCIM documentation), replayed in order against the gateway with a fresh tenant's SCIM
/// token: each answer must carry the status and the fields the identity provider relies on.
/// </summary>
[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed partial class ScimFixtureTests(LiveStackFixture stack)
{
    [Theory]
    [InlineData("entra-id.json")]
    [InlineData("okta.json")]
    public async Task The_identity_providers_sequence_gets_the_answers_it_requires(string file)
    {
        using var fixture = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Gateway", "ScimFixtures", file)));
        var tenant = Guid.NewGuid();
        var owner = new ApiClient(stack.Http, stack.Token(tenant, "fixture-owner", "tenant:create", "scim:provision"));
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsync("/api/v1/tenants", new { id = tenant, name = "Fixture " + file })).Status);
        var token = (await owner.PostAsync($"/api/v1/tenants/{tenant}/scim-tokens", new { name = file })).Body.GetProperty("key").GetString()!;
        var values = new Dictionary<string, string> { ["run"] = Guid.NewGuid().ToString("N")[..12] };

        foreach (var step in fixture.RootElement.GetProperty("steps").EnumerateArray())
        {
            var name = step.GetProperty("name").GetString();
            var request = step.GetProperty("request");
            using var message = new HttpRequestMessage(new HttpMethod(request.GetProperty("method").GetString()!), "/scim/v2" + Fill(request.GetProperty("path").GetString()!, values));
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (request.TryGetProperty("body", out var body))
            {
                message.Content = new StringContent(Fill(body.GetRawText(), values), Encoding.UTF8, "application/scim+json");
            }

            using var response = await stack.Http.SendAsync(message);
            var text = await response.Content.ReadAsStringAsync();
            var expect = step.GetProperty("expect");
            Assert.True((int)response.StatusCode == expect.GetProperty("status").GetInt32(), $"{file}, {name}: {(int)response.StatusCode} {text}");
            if (text.Length == 0)
            {
                continue;
            }

            Assert.Equal("application/scim+json", response.Content.Headers.ContentType?.MediaType);
            using var answer = JsonDocument.Parse(text);
            if (expect.TryGetProperty("json", out var expected))
            {
                using var filled = JsonDocument.Parse(Fill(expected.GetRawText(), values));
                Assert.True(Contains(answer.RootElement, filled.RootElement), $"{file}, {name}: expected {filled.RootElement} within {text}");
            }

            foreach (var absent in expect.TryGetProperty("absent", out var missing) ? missing.EnumerateArray().Select(a => a.GetString()!) : [])
            {
                Assert.False(answer.RootElement.TryGetProperty(absent, out _), $"{file}, {name}: {absent} should be absent");
            }

            foreach (var saved in step.TryGetProperty("save", out var save) ? save.EnumerateObject() : default)
            {
                values[saved.Name] = answer.RootElement.GetProperty(saved.Value.GetString()!).GetString()!;
            }
        }
    }

    private static string Fill(string text, Dictionary<string, string> values) =>
        Placeholder().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    /// <summary>
    /// Whether <paramref name="actual"/> holds <paramref name="expected"/>: objects by their members, arrays
    /// element by element in order (an empty expected array: an empty actual one), strings ignoring case
    /// (SCIM compares userName and emails so).
    /// </summary>
    private static bool Contains(JsonElement actual, JsonElement expected) => expected.ValueKind switch
    {
        JsonValueKind.Object => actual.ValueKind == JsonValueKind.Object
            && expected.EnumerateObject().All(p => actual.TryGetProperty(p.Name, out var a) && Contains(a, p.Value)),
        JsonValueKind.Array => actual.ValueKind == JsonValueKind.Array
            && (expected.GetArrayLength() == 0 ? actual.GetArrayLength() == 0
                : actual.GetArrayLength() >= expected.GetArrayLength()
                  && expected.EnumerateArray().Select((e, i) => Contains(actual[i], e)).All(x => x)),
        JsonValueKind.String => actual.ValueKind == JsonValueKind.String && string.Equals(actual.GetString(), expected.GetString(), StringComparison.OrdinalIgnoreCase),
        _ => actual.GetRawText() == expected.GetRawText(),
    };

    [GeneratedRegex(@"\{\{([a-z]+)\}\}")]
    private static partial Regex Placeholder();
}
