using System.Text.Json;
using Dapper;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Privacy;
using Lyss.UserGrains.Users;
using Npgsql;

namespace Lyss.UserGrains.Grains.Privacy;

/// <summary>
/// Erasure's SQL: the one function that erases a user over the inventory (<c>erase_user_data</c>),
/// the verification search over every column the inventory classifies personal, and the receipts.
/// </summary>
public sealed class ErasureStore(NpgsqlDataSource dataSource)
{
    /// <summary>Erases within the caller's transaction; one step per store touched.</summary>
    public static async Task<List<ErasureStep>> EraseAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, Guid userId, DeleteType mode, string? email, string? phone)
    {
        var rows = await connection.QueryAsync<(string Store, string Action, long Count)>(
            "SELECT store, action, count FROM erase_user_data(@userId, @mode, @email, @phone)",
            new { userId, mode = WireName.Of(mode), email, phone },
            tx);
        return [.. rows.Select(r => new ErasureStep(r.Store, r.Action, r.Count))];
    }

    /// <summary>The client addresses in the user's own rows (the most recent hundred): searched for after the erasure.</summary>
    public async Task<IReadOnlyList<string>> AddressesAsync(Guid userId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<string>(
            """
            SELECT ip FROM (
                SELECT host(ip_address) AS ip, max(occurred_at) AS at FROM user_activities
                WHERE tenant_id = ANY (ARRAY(SELECT DISTINCT tenant_id FROM user_activity_hourly WHERE user_id = @userId))
                  AND user_id = @userId AND ip_address IS NOT NULL GROUP BY 1
                UNION ALL
                SELECT host(ip_address), max(created_at) FROM user_events WHERE user_id = @userId AND ip_address IS NOT NULL GROUP BY 1
            ) a GROUP BY ip ORDER BY max(at) DESC LIMIT 100
            """,
            new { userId })];
    }

    /// <summary>
    /// Searches every personal column of the inventory: for <paramref name="everywhere"/> (the former email
    /// and phone) in every row, for <paramref name="ownRows"/> (name, addresses: values others may share)
    /// in the user's own rows. Returns how many columns were searched and where something was found.
    /// </summary>
    public async Task<(int Columns, List<ErasureMatch> Matches)> SearchAsync(Guid userId, IReadOnlyList<string> everywhere, IReadOnlyList<string> ownRows)
    {
        var global = everywhere.Where(v => v.Length >= 3).Distinct().ToArray();
        var own = ownRows.Where(v => v.Length >= 2).Distinct().ToArray();
        var matches = new List<ErasureMatch>();
        var columns = 0;
        await using var connection = await dataSource.OpenConnectionAsync();
        foreach (var table in PrivacyInventory.Current.Tables)
        {
            var types = (await connection.QueryAsync<(string Column, string Type)>(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @table",
                new { table = table.Name })).ToDictionary(c => c.Column, c => c.Type);
            foreach (var column in table.Personal)
            {
                if (!types.TryGetValue(column, out var type))
                {
                    continue;
                }

                columns++;
                // Column and table names come from the inventory (checked against the schema by a test), never from a caller.
                var contains = type == "bytea"
                    ? $"position(convert_to(v, 'UTF8') in t.\"{column}\") > 0"
                    : $"strpos(lower(t.\"{column}\"::text), lower(v)) > 0";
                var scope = table.UserColumn is null ? "false"
                    : table.Name == "user_activities"
                        ? $"t.tenant_id = ANY (ARRAY(SELECT DISTINCT tenant_id FROM user_activity_hourly WHERE user_id = @userId)) AND t.\"{table.UserColumn}\" = @userId"
                        : $"t.\"{table.UserColumn}\" = @userId";
                var found = await connection.ExecuteScalarAsync<long>(
                    $"""
                    SELECT count(*) FROM "{table.Name}" t
                    WHERE EXISTS (SELECT 1 FROM unnest(@global::text[]) v WHERE {contains})
                       OR ({scope} AND EXISTS (SELECT 1 FROM unnest(@own::text[]) v WHERE {contains}))
                    """,
                    new { userId, global, own },
                    commandTimeout: 300);
                if (found > 0)
                {
                    matches.Add(new ErasureMatch(table.Name, column, found));
                }
            }
        }

        return (columns, matches);
    }

    /// <summary>The codes of invitations to <paramref name="email"/> or accepted by the user: their grains hold the email too.</summary>
    public async Task<IReadOnlyList<string>> InvitationCodesAsync(Guid userId, string? email)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<string>(
            "SELECT invitation_code FROM user_invitations WHERE accepted_user_id = @userId OR (@email::text IS NOT NULL AND lower(invitee_email) = lower(@email))",
            new { userId, email })];
    }

    /// <summary>Every pair the user is in, by tenant: each pair grain's state is reset with the rows.</summary>
    public async Task<IReadOnlyList<(Guid TenantId, Guid A, Guid B)>> RelationshipPairsAsync(Guid userId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<(Guid, Guid, Guid)>(
            "SELECT DISTINCT tenant_id, from_user_id, to_user_id FROM user_relationships WHERE from_user_id = @userId OR to_user_id = @userId",
            new { userId })];
    }

    public async Task SaveReceiptAsync(Guid homeTenantId, ErasureReceipt receipt)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO erasure_receipts (user_id, tenant_id, mode, requested_by, completed_at, receipt)
            VALUES (@UserId, @tenant, @mode, @RequestedBy, @CompletedAt, @json::jsonb)
            ON CONFLICT (user_id) DO UPDATE SET mode = EXCLUDED.mode, requested_by = EXCLUDED.requested_by,
                completed_at = EXCLUDED.completed_at, receipt = EXCLUDED.receipt
            """,
            new { receipt.UserId, tenant = homeTenantId, mode = WireName.Of(receipt.Mode), receipt.RequestedBy, receipt.CompletedAt, json = JsonSerializer.Serialize(receipt) });
    }

    /// <summary>The receipt of a user's erasure and the home tenant it belongs to; null when never erased.</summary>
    public async Task<(Guid TenantId, ErasureReceipt Receipt)?> GetReceiptAsync(Guid userId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleOrDefaultAsync<(Guid TenantId, string Receipt)?>(
            "SELECT tenant_id, receipt::text FROM erasure_receipts WHERE user_id = @userId", new { userId });
        return row is { } r ? (r.TenantId, JsonSerializer.Deserialize<ErasureReceipt>(r.Receipt)!) : null;
    }
}
