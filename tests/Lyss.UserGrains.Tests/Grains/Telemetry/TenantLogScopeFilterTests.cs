using System.Reflection;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Grains.Telemetry;
using Lyss.UserGrains.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Orleans.Serialization.Invocation;

namespace Lyss.UserGrains.Tests.Grains.Telemetry;

public sealed class TenantLogScopeFilterTests
{
    [Fact]
    public async Task A_grain_calls_log_lines_carry_the_tenant_the_gateway_put_in_the_request_context()
    {
        using var recorder = new ScopedLogRecorder();
        using var factory = LoggerFactory.Create(b => b.AddProvider(recorder));
        var filter = new TenantLogScopeFilter(factory.CreateLogger<TenantLogScopeFilter>());
        var grainLog = factory.CreateLogger("grain");
        var tenant = Guid.NewGuid();

        RequestContext.Set(TenantLogContext.RequestContextKey, tenant);
        try
        {
            await filter.Invoke(new LoggingCall(() => grainLog.LogInformation("in the call")));
        }
        finally
        {
            RequestContext.Clear();
        }

        await filter.Invoke(new LoggingCall(() => grainLog.LogInformation("no tenant")));

        var entries = recorder.Entries.ToList();
        Assert.Equal(tenant, entries.Single(e => e.Message == "in the call").Scope[TenantLogContext.ScopeName]);
        Assert.False(entries.Single(e => e.Message == "no tenant").Scope.ContainsKey(TenantLogContext.ScopeName));
    }

    /// <summary>A grain call whose body only logs; the filter reads nothing else of it.</summary>
    private sealed class LoggingCall(Action body) : IIncomingGrainCallContext
    {
        public Task Invoke()
        {
            body();
            return Task.CompletedTask;
        }

        public IInvokable Request => throw new NotSupportedException();
        public object Grain => throw new NotSupportedException();
        public GrainId? SourceId => null;
        public GrainId TargetId => default;
        public GrainInterfaceType InterfaceType => default;
        public string InterfaceName => "test";
        public string MethodName => "test";
        public MethodInfo InterfaceMethod => throw new NotSupportedException();
        public object? Result { get; set; }
        public Response? Response { get; set; }
        public IGrainContext TargetContext => throw new NotSupportedException();
        public MethodInfo ImplementationMethod => throw new NotSupportedException();
    }
}
