using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway.Errors;

[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed partial class ProblemTraceIdTests(LiveStackFixture stack)
{
    [Fact]
    public async Task A_problem_carries_the_callers_w3c_trace_id()
    {
        var traceId = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users/" + Guid.NewGuid());
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");

        using var response = await stack.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(traceId, await TraceIdAsync(response));
    }

    [Fact]
    public async Task A_problem_without_a_caller_trace_carries_a_new_w3c_trace_id()
    {
        using var response = await stack.Http.GetAsync("/api/v1/users/" + Guid.NewGuid());

        Assert.Matches(W3cTraceId(), await TraceIdAsync(response));
    }

    private static async Task<string> TraceIdAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("trace_id").GetString()!;
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex W3cTraceId();
}
