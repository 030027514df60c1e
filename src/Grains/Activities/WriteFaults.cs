using System.Net.Sockets;
using System.Text.Json;
using Npgsql;

namespace Lyss.UserGrains.Grains.Activities;

/// <summary>
/// Why a write failed, by SQLSTATE: a fault of the rows (their content) or of PostgreSQL (the
/// outage path: keep the rows, back off, spill). Only known data classes count as the rows' fault,
/// so a schema or server problem never sends good rows to the dead letters.
/// </summary>
public static class WriteFaults
{
    /// <summary>
    /// Class 22 (data exception: bad encoding, NUL in text, numeric overflow, invalid jsonb), 23
    /// (integrity) and 54 (program limit, e.g. a row too large); or the client could not encode a
    /// value (a lone surrogate, a value of the wrong type).
    /// </summary>
    public static bool IsDataError(Exception e) => e switch
    {
        PostgresException p => p.SqlState.StartsWith("22", StringComparison.Ordinal)
            || p.SqlState.StartsWith("23", StringComparison.Ordinal)
            || p.SqlState.StartsWith("54", StringComparison.Ordinal),
        NpgsqlException => false,
        ArgumentException or InvalidCastException or FormatException or OverflowException or JsonException => true,
        _ => false,
    };

    /// <summary>
    /// PostgreSQL unreachable or unable to work now: no connection, or SQLSTATE class 08
    /// (connection), 53 (resources), 57 (operator intervention, e.g. shutting down), 58 (system); timeouts.
    /// </summary>
    public static bool IsOutage(Exception e) => e switch
    {
        PostgresException p => p.SqlState[..2] is "08" or "53" or "57" or "58",
        NpgsqlException => true,
        TimeoutException or SocketException or IOException => true,
        _ => false,
    };

    /// <summary>The SQLSTATE, or the kind of client-side failure.</summary>
    public static string Code(Exception e) => e is PostgresException p ? p.SqlState : e.GetType().Name;
}
