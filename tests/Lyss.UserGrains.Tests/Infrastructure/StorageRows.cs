using System.Text;
using Npgsql;

namespace Lyss.UserGrains.Tests.Infrastructure;

/// <summary>Reads the raw Orleans storage rows, to check what a grain really persisted.</summary>
public static class StorageRows
{
    /// <summary>The JSON payload of a user grain's state row ("" when there is none).</summary>
    public static async Task<string> UserPayloadAsync(string connectionString, Guid userId)
    {
        // Guid keys are stored as the two 64-bit halves of the Guid's bytes.
        var bytes = userId.ToByteArray();
        var n0 = BitConverter.ToInt64(bytes, 0);
        var n1 = BitConverter.ToInt64(bytes, 8);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT payload FROM orleans_storage WHERE grain_type = 'user' AND grain_id_n0 = @n0 AND grain_id_n1 = @n1", connection);
        command.Parameters.AddWithValue("n0", n0);
        command.Parameters.AddWithValue("n1", n1);
        return await command.ExecuteScalarAsync() is byte[] payload ? Encoding.UTF8.GetString(payload) : "";
    }
}
