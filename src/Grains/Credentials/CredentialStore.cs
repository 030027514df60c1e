using Dapper;
using Lyss.UserGrains.Credentials;
using Lyss.UserGrains.Grains.ReadModels;
using Npgsql;

namespace Lyss.UserGrains.Grains.Credentials;

/// <summary><c>tenant_credentials</c>: a tenant's write keys and SCIM tokens, each change with its entry in the tenant's trail.</summary>
public sealed class CredentialStore(NpgsqlDataSource dataSource)
{
    private static readonly TimeSpan UseResolution = TimeSpan.FromMinutes(1);

    public async Task InsertAsync(Guid tenantId, CredentialKind kind, IssuedCredential issued, byte[] hash, TenantEvent trail)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO tenant_credentials (id, tenant_id, kind, name, prefix, secret_hash, created_at)
            VALUES (@Id, @tenantId, @kind, @Name, @Prefix, @hash, @CreatedAt)
            """,
            new { issued.Id, tenantId, kind = KindName(kind), issued.Name, issued.Prefix, hash, issued.CreatedAt },
            tx);
        await TenantStore.AppendTrailAsync(connection, tx, tenantId, trail);
        await tx.CommitAsync();
    }

    public async Task<IReadOnlyList<CredentialView>> ListAsync(Guid tenantId, CredentialKind kind)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(Guid Id, string Name, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt)>(
            """
            SELECT id, name, prefix, created_at, last_used_at FROM tenant_credentials
            WHERE tenant_id = @tenantId AND kind = @kind ORDER BY created_at, id
            """,
            new { tenantId, kind = KindName(kind) });
        return [.. rows.Select(r => new CredentialView(r.Id, r.Name, r.Prefix, Utc(r.CreatedAt), r.LastUsedAt is { } used ? Utc(used) : null))];
    }

    /// <summary>False when the tenant has no such secret.</summary>
    public async Task<bool> DeleteAsync(Guid tenantId, CredentialKind kind, Guid id, Func<string, TenantEvent> trail)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var name = await connection.ExecuteScalarAsync<string?>(
            "DELETE FROM tenant_credentials WHERE id = @id AND tenant_id = @tenantId AND kind = @kind RETURNING name",
            new { id, tenantId, kind = KindName(kind) },
            tx);
        if (name is null)
        {
            return false;
        }

        await TenantStore.AppendTrailAsync(connection, tx, tenantId, trail(name));
        await tx.CommitAsync();
        return true;
    }

    /// <summary>Whose the secret is; its last use is written at most once a minute (callers cache the answer).</summary>
    public async Task<ResolvedCredential?> ResolveAsync(CredentialKind kind, byte[] hash)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleOrDefaultAsync<(Guid Id, Guid TenantId)?>(
            """
            WITH found AS (SELECT id, tenant_id, last_used_at FROM tenant_credentials WHERE secret_hash = @hash AND kind = @kind),
            used AS (
                UPDATE tenant_credentials c SET last_used_at = now() FROM found f
                WHERE c.id = f.id AND (f.last_used_at IS NULL OR f.last_used_at < now() - @resolution))
            SELECT id, tenant_id FROM found
            """,
            new { hash, kind = KindName(kind), resolution = UseResolution });
        return row is { } r ? new ResolvedCredential(r.Id, r.TenantId) : null;
    }

    public static string KindName(CredentialKind kind) => kind == CredentialKind.WriteKey ? "write_key" : "scim_token";

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
