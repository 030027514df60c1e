using Dapper;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Sharing;
using Npgsql;

namespace Lyss.UserGrains.Grains.Sharing;

/// <summary>Shares (with their recipients' notifications) in <c>user_shares</c>, and feedback in <c>user_feedback</c>.</summary>
public sealed class SharingStore(NpgsqlDataSource dataSource, Notifications.NotificationWriter notifications)
{
    /// <summary>Stores the share and notifies each recipient, in one transaction.</summary>
    public async Task AddShareAsync(Guid tenantId, ShareView share, IReadOnlyList<Guid> recipients)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO user_shares (id, tenant_id, from_user_id, to_user_id, to_team_id, resource_type, resource_id, message, created_at)
            VALUES (@Id, @tenantId, @FromUserId, @ToUserId, @ToTeamId, @ResourceType, @ResourceId, @Message, @CreatedAt)
            """,
            new { share.Id, tenantId, share.FromUserId, share.ToUserId, share.ToTeamId, share.ResourceType, share.ResourceId, share.Message, share.CreatedAt }, tx);
        // The recipients hear of it in their inbox (the template "share received", each in their language).
        var metadata = System.Text.Json.JsonSerializer.Serialize(new { share_id = share.Id, resource_type = share.ResourceType, resource_id = share.ResourceId, from_user_id = share.FromUserId });
        await notifications.AddNoticesAsync(connection, tx, [.. recipients.Select(r => new Notifications.Notice(
            r, tenantId, "share_received", "share_received",
            new Dictionary<string, string?> { ["resource_type"] = share.ResourceType, ["message"] = share.Message }, Metadata: metadata))]);
        await tx.CommitAsync();
    }

    public async Task<Page<ShareView>> ListSharesAsync(Guid tenantId, Guid userId, bool received, int limit, int offset)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var where = received
            ? "tenant_id = @tenantId AND (to_user_id = @userId OR to_team_id IN (SELECT team_id FROM team_members WHERE tenant_id = @tenantId AND user_id = @userId))"
            : "tenant_id = @tenantId AND from_user_id = @userId";
        var p = new { tenantId, userId, limit, offset };
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM user_shares WHERE {where}", p);
        var rows = await connection.QueryAsync<ShareRow>(
            $"""
            SELECT id AS Id, from_user_id AS FromUserId, to_user_id AS ToUserId, to_team_id AS ToTeamId, resource_type AS ResourceType,
                   resource_id AS ResourceId, message AS Message, created_at AS CreatedAt
            FROM user_shares WHERE {where} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset
            """, p);
        return new Page<ShareView>([.. rows.Select(r => new ShareView
        {
            Id = r.Id,
            FromUserId = r.FromUserId,
            ToUserId = r.ToUserId,
            ToTeamId = r.ToTeamId,
            ResourceType = r.ResourceType,
            ResourceId = r.ResourceId,
            Message = r.Message,
            CreatedAt = new DateTimeOffset(r.CreatedAt, TimeSpan.Zero),
        })], total, limit, offset);
    }

    public async Task AddFeedbackAsync(Guid tenantId, FeedbackView feedback)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO user_feedback (id, tenant_id, user_id, rating, comment, resource_type, resource_id, created_at)
            VALUES (@Id, @tenantId, @UserId, @Rating, @Comment, @ResourceType, @ResourceId, @CreatedAt)
            """,
            new { feedback.Id, tenantId, feedback.UserId, Rating = (short)feedback.Rating, feedback.Comment, feedback.ResourceType, feedback.ResourceId, feedback.CreatedAt });
    }

    public async Task<FeedbackPage> ListFeedbackAsync(Guid tenantId, string? resourceType, string? resourceId, int limit, int offset)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        const string Where = "tenant_id = @tenantId AND (@resourceType::text IS NULL OR resource_type = @resourceType) AND (@resourceId::text IS NULL OR resource_id = @resourceId)";
        var p = new { tenantId, resourceType, resourceId, limit, offset };
        var summary = await connection.QuerySingleAsync<(long Total, double? Average)>($"SELECT count(*), avg(rating)::float8 FROM user_feedback WHERE {Where}", p);
        var rows = await connection.QueryAsync<FeedbackRow>(
            $"""
            SELECT id AS Id, user_id AS UserId, rating AS Rating, comment AS Comment, resource_type AS ResourceType,
                   resource_id AS ResourceId, created_at AS CreatedAt
            FROM user_feedback WHERE {Where} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset
            """, p);
        var items = rows.Select(r => new FeedbackView
        {
            Id = r.Id,
            UserId = r.UserId,
            Rating = r.Rating,
            Comment = r.Comment,
            ResourceType = r.ResourceType,
            ResourceId = r.ResourceId,
            CreatedAt = new DateTimeOffset(r.CreatedAt, TimeSpan.Zero),
        }).ToList();
        return new FeedbackPage(new Page<FeedbackView>(items, summary.Total, limit, offset), summary.Average is { } avg ? Math.Round(avg, 2) : null);
    }

    private sealed record ShareRow(Guid Id, Guid FromUserId, Guid? ToUserId, Guid? ToTeamId, string ResourceType, string ResourceId, string? Message, DateTime CreatedAt);

    private sealed record FeedbackRow(Guid Id, Guid UserId, short Rating, string? Comment, string? ResourceType, string? ResourceId, DateTime CreatedAt);
}
