using System.Diagnostics;
using System.Net;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Observability;

[Trait("Needs", "Services")]
[Collection(TracedStackCollection.Name)]
public sealed class TracingTests(TracedStackFixture stack)
{
    [Fact]
    public async Task One_activity_post_is_one_trace_from_the_gateway_request_through_the_grain_call_with_the_copy_linked()
    {
        var tenant = Guid.NewGuid();
        var api = new ApiClient(stack.Http, stack.Token(tenant, "svc", "tenant:create", "user:*", "activity:*"));
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/tenants", new { id = tenant, name = "Traced" })).Status);
        var (created, user) = await api.PostAsync("/api/v1/users", new { email = $"t.{Guid.NewGuid():N}@example.com", name = "Traced", auto_activate = true });
        Assert.Equal(HttpStatusCode.Created, created);

        // The caller's own trace: the gateway continues it.
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/activities")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { user_id = user.GetProperty("id").GetGuid(), activity_type = "case_view", ack = "durable" }),
        };
        request.Headers.Authorization = new("Bearer", stack.Token(tenant, "svc", "activity:*"));
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await stack.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var (spans, copies) = await Eventually.MatchAsync(
            () => Task.FromResult(stack.Trace(traceId)),
            // The request's own span is exported when it stops, which can be after the caller has its answer.
            t => t.Linking.Count > 0 && t.InTrace.Any(s => s.Source.Name == "Microsoft.AspNetCore")
                 && t.InTrace.Count(s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal)) >= 2,
            TimeSpan.FromSeconds(15), "the request's spans and the COPY linked to it");

        var http = Assert.Single(spans, s => s.Source.Name == "Microsoft.AspNetCore");
        Assert.Equal(ActivityKind.Server, http.Kind);
        Assert.StartsWith("POST /api/v1/activities", http.DisplayName, StringComparison.Ordinal);

        // The gateway's grain call (client side) under the request, and the silo's (server side) under it.
        var call = Assert.Single(spans, s => s.Kind == ActivityKind.Client && s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.ParentSpanId == http.SpanId);
        var served = Assert.Single(spans, s => s.Kind == ActivityKind.Server && s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.ParentSpanId == call.SpanId);
        Assert.Contains("UserGrain", served.DisplayName, StringComparison.Ordinal);

        // The COPY is a trace of its own (a batch carries many requests), linked to the grain call that handed the row over.
        var copy = Assert.Single(copies);
        Assert.Equal("Lyss.UserGrains.Activities", copy.Source.Name);
        Assert.Equal("COPY user_activities", copy.DisplayName);
        Assert.Contains(copy.Links, l => l.Context.SpanId == served.SpanId);
        Assert.True((int)copy.GetTagItem("lyss.rows")! >= 1);
        // Npgsql's statements of the COPY sit under it.
        await Eventually.MatchAsync(
            () => Task.FromResult(stack.Trace(copy.TraceId).InTrace),
            s => s.Any(n => n.Source.Name == "Npgsql" && n.ParentSpanId == copy.SpanId),
            TimeSpan.FromSeconds(5), "Npgsql spans under the COPY");
    }

    [Fact]
    public async Task Json_log_lines_of_a_request_carry_its_tenant_and_trace_ids()
    {
        var tenant = Guid.NewGuid();
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/whoami");
        request.Headers.Authorization = new("Bearer", stack.Token(tenant, "svc", "user:read"));
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await stack.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var entry = Assert.Single(stack.GatewayLogs.Entries, e => e.Scope.TryGetValue("TraceId", out var t) && t?.ToString() == traceId.ToString() && e.Category.EndsWith("EndpointMiddleware", StringComparison.Ordinal) && e.Message.StartsWith("Executing", StringComparison.Ordinal));
        Assert.Equal(tenant, entry.Scope["TenantId"]);
    }

    [Fact]
    public async Task Problem_details_carry_the_trace_id_that_the_recorded_request_span_has()
    {
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/users/{Guid.NewGuid()}");
        request.Headers.Authorization = new("Bearer", stack.Token(Guid.NewGuid(), "svc", "user:read"));
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await stack.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(traceId.ToString(), problem.GetProperty("trace_id").GetString());
        await Eventually.MatchAsync(() => Task.FromResult(stack.Trace(traceId).InTrace), s => s.Any(a => a.Source.Name == "Microsoft.AspNetCore"), TimeSpan.FromSeconds(5), "the request's span");
    }
}
