using System.Runtime.CompilerServices;
using Lyss.UserGrains.Reports;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Lyss.UserGrains.Grains.Reports;

/// <summary>
/// Reads an export straight from a PostgreSQL reader. Rows come by user, then time: the order of
/// the tenant-leading index, so nothing is sorted before the first row leaves. Runs on the
/// reports' own small connection pool, never on the one the activity writer needs.
/// </summary>
public sealed class ActivityReportStore([FromKeyedServices(ActivityReportStore.DataSourceKey)] NpgsqlDataSource dataSource)
{
    /// <summary>The keyed data source of reports (a pool of <c>Maximum Pool Size=4</c> by default).</summary>
    public const string DataSourceKey = "reports";

    public async IAsyncEnumerable<ExportedActivity> ExportAsync(
        Guid tenantId, Guid? userId, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"""
            SELECT id, user_id, activity_type, resource_type, resource_id, details::text, host(ip_address), user_agent,
                   session_id, occurred_at, received_at
            FROM user_activities
            WHERE tenant_id = @tenant AND received_at >= @from AND received_at < @to {(userId is null ? "" : "AND user_id = @user")}
            ORDER BY user_id, received_at, occurred_at, id
            """;
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("from", from.UtcDateTime);
        command.Parameters.AddWithValue("to", to.UtcDateTime);
        if (userId is { } user)
        {
            command.Parameters.AddWithValue("user", user);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new ExportedActivity
            {
                Id = reader.GetGuid(0),
                UserId = reader.GetGuid(1),
                ActivityType = reader.GetString(2),
                ResourceType = reader.IsDBNull(3) ? null : reader.GetString(3),
                ResourceId = reader.IsDBNull(4) ? null : reader.GetString(4),
                Details = reader.IsDBNull(5) ? null : reader.GetString(5),
                IpAddress = reader.IsDBNull(6) ? null : reader.GetString(6),
                UserAgent = reader.IsDBNull(7) ? null : reader.GetString(7),
                SessionId = reader.IsDBNull(8) ? null : reader.GetString(8),
                OccurredAt = new DateTimeOffset(reader.GetDateTime(9), TimeSpan.Zero),
                ReceivedAt = new DateTimeOffset(reader.GetDateTime(10), TimeSpan.Zero),
            };
        }
    }
}
