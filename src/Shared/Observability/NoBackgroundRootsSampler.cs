using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Lyss.UserGrains.Hosting;

/// <summary>
/// Decides for spans that would start a trace: an HTTP request, or the service's own work (a COPY
/// of requests' rows, an internal span), is recorded — of those, the share <c>OTEL_TRACES_SAMPLER_ARG</c>
/// keeps when <c>OTEL_TRACES_SAMPLER</c> asks for a ratio; a grain call with no trace behind it — a
/// poller's query, a timer's or reminder's call, a client that sends no trace context — is not, so
/// an idle cluster sends nothing. Spans with a parent follow it (<see cref="ParentBasedSampler"/>).
/// </summary>
internal sealed class NoBackgroundRootsSampler(double ratio = 1.0) : Sampler
{
    /// <summary>The name ASP.NET Core gives a request's activity when it is created.</summary>
    private const string HttpRequestActivity = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);
    private static readonly SamplingResult Record = new(SamplingDecision.RecordAndSample);
    private readonly TraceIdRatioBasedSampler? _share = ratio < 1.0 ? new TraceIdRatioBasedSampler(Math.Max(0, ratio)) : null;

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var eligible = samplingParameters.Kind switch
        {
            ActivityKind.Server => samplingParameters.Name == HttpRequestActivity,
            ActivityKind.Client => false,
            _ => true,
        };
        return !eligible ? Drop : _share?.ShouldSample(samplingParameters) ?? Record;
    }
}
