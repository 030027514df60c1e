using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Lyss.UserGrains.Hosting;

/// <summary>
/// Decides for spans that would start a trace: an HTTP request, or the service's own work (a COPY
/// of requests' rows, an internal span), is recorded; a grain call with no trace behind it — a
/// poller's query, a timer's or reminder's call, a client that sends no trace context — is not, so
/// an idle cluster sends nothing. Spans with a parent follow it (<see cref="ParentBasedSampler"/>).
/// </summary>
internal sealed class NoBackgroundRootsSampler : Sampler
{
    /// <summary>The name ASP.NET Core gives a request's activity when it is created.</summary>
    private const string HttpRequestActivity = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);
    private static readonly SamplingResult Record = new(SamplingDecision.RecordAndSample);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Kind switch
        {
            ActivityKind.Server => samplingParameters.Name == HttpRequestActivity ? Record : Drop,
            ActivityKind.Client => Drop,
            _ => Record,
        };
}
