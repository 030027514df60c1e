using System.Diagnostics;
using Lyss.UserGrains.Hosting;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Trace;

namespace Lyss.UserGrains.Tests.Shared;

public sealed class ObservabilityTests
{
    private static SamplingDecision Decide(Sampler sampler, ActivityKind kind, string name) =>
        sampler.ShouldSample(new SamplingParameters(default, ActivityTraceId.CreateRandom(), name, kind)).Decision;

    [Fact]
    public void Only_requests_and_the_services_own_work_start_traces()
    {
        var sampler = new NoBackgroundRootsSampler();
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(sampler, ActivityKind.Server, "Microsoft.AspNetCore.Hosting.HttpRequestIn"));
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(sampler, ActivityKind.Internal, "COPY user_activities"));
        // A grain call nobody traced (a timer's, a reminder's, an untraced client's), and a poller's query.
        Assert.Equal(SamplingDecision.Drop, Decide(sampler, ActivityKind.Server, "IUserGrain/Track"));
        Assert.Equal(SamplingDecision.Drop, Decide(sampler, ActivityKind.Client, "postgresql"));
    }

    [Fact]
    public void The_standard_sampler_settings_set_the_share_of_new_traces()
    {
        static double Ratio(params (string Key, string Value)[] settings) =>
            ObservabilityExtensions.RootRatio(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

        Assert.Equal(1, Ratio());
        Assert.Equal(0.05, Ratio(("OTEL_TRACES_SAMPLER", "parentbased_traceidratio"), ("OTEL_TRACES_SAMPLER_ARG", "0.05")));
        Assert.Equal(1, Ratio(("OTEL_TRACES_SAMPLER", "traceidratio"), ("OTEL_TRACES_SAMPLER_ARG", "7")));
        Assert.Equal(0, Ratio(("OTEL_TRACES_SAMPLER", "always_off")));
        var none = new NoBackgroundRootsSampler(0);
        Assert.Equal(SamplingDecision.Drop, Decide(none, ActivityKind.Server, "Microsoft.AspNetCore.Hosting.HttpRequestIn"));
    }

    [Fact]
    public void Tracing_is_off_by_default_on_with_an_otlp_endpoint_and_off_when_the_sdk_is_disabled()
    {
        static bool On(bool? tracing, params (string Key, string Value)[] settings) => ObservabilityExtensions.IsTracing(
            new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build(), tracing);

        Assert.False(On(null));
        Assert.True(On(null, ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317")));
        Assert.False(On(false, ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317")));
        Assert.True(On(true));
        Assert.False(On(true, ("OTEL_SDK_DISABLED", "true")));
    }
}
