using System.Net.Sockets;
using Lyss.UserGrains.Grains.Activities;
using Npgsql;

namespace Lyss.UserGrains.Tests.Grains.Activities;

/// <summary>Which failures are the rows' fault (dead letters) and which PostgreSQL's (keep the rows, back off).</summary>
public sealed class WriteFaultsTests
{
    private static PostgresException Sql(string state) => new("message", "ERROR", "ERROR", state);

    [Theory]
    [InlineData("22021")] // invalid byte sequence (a NUL in text)
    [InlineData("22P05")] // untranslatable character (\u0000 in jsonb)
    [InlineData("22003")] // numeric overflow
    [InlineData("23502")] // not null
    [InlineData("54000")] // program limit
    public void Data_errors_are_the_rows_fault(string state)
    {
        Assert.True(WriteFaults.IsDataError(Sql(state)));
        Assert.False(WriteFaults.IsOutage(Sql(state)));
    }

    [Theory]
    [InlineData("08006")] // connection failure
    [InlineData("53300")] // too many connections
    [InlineData("57P01")] // admin shutdown
    [InlineData("57P03")] // cannot connect now
    [InlineData("58030")] // I/O error
    public void Availability_errors_are_outages(string state)
    {
        Assert.True(WriteFaults.IsOutage(Sql(state)));
        Assert.False(WriteFaults.IsDataError(Sql(state)));
    }

    [Fact]
    public void A_schema_error_is_neither_so_good_rows_are_never_dead_lettered_for_it()
    {
        // 42P01: undefined table (a migration missing). The writer keeps the rows and retries.
        Assert.False(WriteFaults.IsDataError(Sql("42P01")));
        Assert.False(WriteFaults.IsOutage(Sql("42P01")));
    }

    [Fact]
    public void Client_side_failures_are_classified_by_kind()
    {
        Assert.True(WriteFaults.IsOutage(new NpgsqlException("connect", new SocketException())));
        Assert.True(WriteFaults.IsOutage(new TimeoutException()));
        Assert.True(WriteFaults.IsDataError(new OverflowException()));
        Assert.True(WriteFaults.IsDataError(new InvalidCastException()));
        Assert.Equal("22021", WriteFaults.Code(Sql("22021")));
        Assert.Equal("OverflowException", WriteFaults.Code(new OverflowException()));
    }
}
