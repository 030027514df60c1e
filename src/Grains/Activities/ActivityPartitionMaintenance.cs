using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lyss.UserGrains.Grains.Activities;

/// <summary>
/// Keeps <c>user_activities</c>' monthly partitions ahead of time and drops those past retention:
/// at start, then hourly; every 30 s after a failure until it succeeds.
/// </summary>
public sealed partial class ActivityPartitionMaintenance(
    ActivityStore store, IOptions<ActivityWriterOptions> options, TimeProvider time, ILogger<ActivityPartitionMaintenance> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan next;
            try
            {
                await store.MaintainPartitionsAsync(options.Value.RetentionMonths, stoppingToken);
                next = Interval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogMaintenanceFailed(logger, e);
                next = RetryInterval;
            }

            try
            {
                await Task.Delay(next, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity partition maintenance failed; will retry")]
    private static partial void LogMaintenanceFailed(ILogger logger, Exception exception);
}
