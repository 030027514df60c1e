using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Grains.Activities;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Lyss.UserGrains.Grains.Common;

/// <summary>
/// One place where a store that cannot be reached becomes what callers can act on: a grain call
/// that fails because PostgreSQL or Redis is unavailable (by <see cref="WriteFaults"/>, or the
/// storage provider's wrapping of such a failure) answers <see cref="UnavailableException"/>
/// (HTTP 503 with Retry-After), never an internal error. Data errors and domain errors pass unchanged.
/// </summary>
public sealed partial class StoreOutageFilter(ILogger<StoreOutageFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (e is not DomainException && IsOutage(e))
        {
            LogOutage(logger, context.InterfaceName, context.MethodName, e.GetType().Name);
            throw new UnavailableException("A store the service depends on is unavailable; retry shortly.") { Code = "store_unavailable" };
        }
    }

    private static bool IsOutage(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is RedisConnectionException or RedisTimeoutException || WriteFaults.IsOutage(current))
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Interface}.{Method} failed on a store outage ({Kind}); answered as unavailable")]
    private static partial void LogOutage(ILogger logger, string @interface, string method, string kind);
}
