using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Lyss.UserGrains.Grains.Activities;

/// <summary>
/// New rows for <c>user_activities</c> in PostgreSQL's binary COPY format, encoded here onto
/// Npgsql's raw COPY stream. <c>NpgsqlBinaryImporter</c> resolves a converter and binds a
/// parameter for every value it writes; at ingest that per-field work was the largest part of the
/// silo's CPU after the grains themselves (perf, docs/benchmarks.md). The format is PostgreSQL's
/// documented one: a signature and two zero words, then per row a field count and each field as a
/// length (-1 for NULL) and its bytes in the type's binary send format, then -1. The staging table
/// of keyed rows and replays takes the same columns.
/// </summary>
public static class ActivityCopyFormat
{
    private const string Columns = "id, user_id, tenant_id, activity_type, resource_type, resource_id, details, ip_address, user_agent, session_id, message_id, occurred_at, received_at";
    private const string ActivitiesCommand = $"COPY user_activities ({Columns}) FROM STDIN (FORMAT BINARY)";
    private const string StagingCommand = $"COPY activity_staging ({Columns}) FROM STDIN (FORMAT BINARY)";
    private const short FieldCount = 13;
    private const int FlushAt = 64 * 1024;
    private const byte PostgresInet = 2;
    private const byte PostgresInet6 = 3;
    private const byte JsonbVersion = 1;
    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    private static ReadOnlySpan<byte> Header => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>New rows straight into <c>user_activities</c>.</summary>
    public static Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<ActivityRecord> rows, CancellationToken cancellationToken) =>
        CopyAsync(connection, rows, staging: false, cancellationToken);

    /// <summary>Rows into the session's <c>activity_staging</c> table.</summary>
    public static Task CopyToStagingAsync(NpgsqlConnection connection, IReadOnlyList<ActivityRecord> rows, CancellationToken cancellationToken) =>
        CopyAsync(connection, rows, staging: true, cancellationToken);

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<ActivityRecord> rows, bool staging, CancellationToken cancellationToken)
    {
        var stream = await connection.BeginRawBinaryCopyAsync(staging ? StagingCommand : ActivitiesCommand, cancellationToken);
        var completed = false;
        try
        {
            var buffer = new ArrayBufferWriter<byte>(FlushAt * 2);
            buffer.Write(Header);
            string? lastIpText = null;
            IPAddress? lastIp = null;
            foreach (var row in rows)
            {
                // A user's address repeats from row to row: parse it once.
                if (row.IpAddress is not null && !string.Equals(row.IpAddress, lastIpText, StringComparison.Ordinal))
                {
                    lastIpText = row.IpAddress;
                    lastIp = IPAddress.TryParse(row.IpAddress, out var parsed) ? parsed : null;
                }

                WriteRow(buffer, row, row.IpAddress is null ? null : lastIp);
                if (buffer.WrittenCount >= FlushAt)
                {
                    await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
                    buffer.ResetWrittenCount();
                }
            }

            WriteInt16(buffer, -1);
            await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
            completed = true;
        }
        finally
        {
            if (!completed)
            {
                await stream.CancelAsync();
            }
        }

        // Completing the COPY is where PostgreSQL reports a constraint violation.
        await stream.DisposeAsync();
    }

    private static void WriteRow(IBufferWriter<byte> buffer, ActivityRecord row, IPAddress? ip)
    {
        WriteInt16(buffer, FieldCount);
        WriteUuid(buffer, row.Id);
        WriteUuid(buffer, row.UserId);
        WriteUuid(buffer, row.TenantId);
        WriteText(buffer, row.ActivityType);
        WriteText(buffer, row.ResourceType);
        WriteText(buffer, row.ResourceId);
        WriteText(buffer, row.Details, JsonbVersion);
        WriteInet(buffer, ip);
        WriteText(buffer, row.UserAgent);
        WriteText(buffer, row.SessionId);
        WriteText(buffer, row.MessageId);
        WriteTimestamp(buffer, row.OccurredAt);
        WriteTimestamp(buffer, row.ReceivedAt);
    }

    private static void WriteInt16(IBufferWriter<byte> buffer, short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(buffer.GetSpan(2), value);
        buffer.Advance(2);
    }

    private static void WriteNull(IBufferWriter<byte> buffer)
    {
        BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), -1);
        buffer.Advance(4);
    }

    private static void WriteUuid(IBufferWriter<byte> buffer, Guid value)
    {
        var span = buffer.GetSpan(20);
        BinaryPrimitives.WriteInt32BigEndian(span, 16);
        value.TryWriteBytes(span[4..], bigEndian: true, out _);
        buffer.Advance(20);
    }

    /// <summary>text and varchar are their UTF-8 bytes; jsonb is a version byte before them.</summary>
    private static void WriteText(IBufferWriter<byte> buffer, string? value, byte? prefix = null)
    {
        if (value is null)
        {
            WriteNull(buffer);
            return;
        }

        var start = prefix is null ? 4 : 5;
        var span = buffer.GetSpan(start + Encoding.UTF8.GetMaxByteCount(value.Length));
        var length = Encoding.UTF8.GetBytes(value, span[start..]);
        if (prefix is { } version)
        {
            span[4] = version;
        }

        BinaryPrimitives.WriteInt32BigEndian(span, start - 4 + length);
        buffer.Advance(start + length);
    }

    /// <summary>inet: family, prefix bits, is-cidr flag, address length, address bytes.</summary>
    private static void WriteInet(IBufferWriter<byte> buffer, IPAddress? ip)
    {
        if (ip is null)
        {
            WriteNull(buffer);
            return;
        }

        var span = buffer.GetSpan(4 + 4 + 16);
        ip.TryWriteBytes(span[8..], out var length);
        BinaryPrimitives.WriteInt32BigEndian(span, 4 + length);
        span[4] = ip.AddressFamily == AddressFamily.InterNetworkV6 ? PostgresInet6 : PostgresInet;
        span[5] = (byte)(length * 8);
        span[6] = 0;
        span[7] = (byte)length;
        buffer.Advance(8 + length);
    }

    /// <summary>timestamptz: microseconds since 2000-01-01 UTC.</summary>
    private static void WriteTimestamp(IBufferWriter<byte> buffer, DateTimeOffset value) =>
        WriteInt64(buffer, (value.UtcTicks - PostgresEpochTicks) / TimeSpan.TicksPerMicrosecond);

    private static void WriteInt64(IBufferWriter<byte> buffer, long value)
    {
        var span = buffer.GetSpan(12);
        BinaryPrimitives.WriteInt32BigEndian(span, 8);
        BinaryPrimitives.WriteInt64BigEndian(span[4..], value);
        buffer.Advance(12);
    }
}
