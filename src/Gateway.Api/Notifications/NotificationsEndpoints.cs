using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Common;
using Lyss.UserGrains.Gateway.Users;
using Lyss.UserGrains.Notifications;
using Lyss.UserGrains.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lyss.UserGrains.Gateway.Notifications;

/// <summary>A user's in-app inbox: only the user itself reads it.</summary>
public static class NotificationsEndpoints
{
    public static RouteGroupBuilder MapNotificationsEndpoints(this RouteGroupBuilder api)
    {
        var inbox = api.MapGroup("/users/{id:guid}/notifications").WithTags("Notifications");
        inbox.MapGet("/", List).WithName("ListNotifications").Allow(Access.OnlySelf()).WithSummary("The caller's own notifications, newest first, with the unread count.");
        inbox.MapPost("/{notificationId:guid}/read", MarkRead).WithName("MarkNotificationRead").Allow(Access.OnlySelf()).WithSummary("Mark one notification read.");
        inbox.MapPost("/read-all", MarkAllRead).WithName("MarkAllNotificationsRead").Allow(Access.OnlySelf()).WithSummary("Mark every notification read.");
        inbox.MapPost("/", Send).WithName("SendNotification").Allow(Access.User(Permissions.UserManage).Home())
            .WithSummary("Send a notification to this user, now or at scheduled_at (user:manage in the user's home tenant).");
        return inbox;
    }

    private static async Task<Ok<NotificationListResponse>> List(Guid id, HttpContext http, IGrainFactory grains, bool? unread_only, int? limit, int? offset)
    {
        var (take, skip) = Paging.Validate(limit, offset);
        var inbox = await grains.GetGrain<INotificationInboxGrain>(0).ListAsync(id, unread_only == true, take, skip);
        return TypedResults.Ok(new NotificationListResponse(
            inbox.Page.Items, inbox.UnreadCount, inbox.Page.Total, inbox.Page.Limit, inbox.Page.Offset, inbox.Page.HasMore));
    }

    private static async Task<NoContent> MarkRead(Guid id, Guid notificationId, HttpContext http, IGrainFactory grains)
    {
        return await grains.GetGrain<INotificationInboxGrain>(0).MarkReadAsync(id, notificationId)
            ? TypedResults.NoContent()
            : throw new NotFoundException("Notification not found.") { Code = "notification_not_found" };
    }

    private static async Task<Ok<MarkedReadResponse>> MarkAllRead(Guid id, HttpContext http, IGrainFactory grains)
    {
        return TypedResults.Ok(new MarkedReadResponse(await grains.GetGrain<INotificationInboxGrain>(0).MarkAllReadAsync(id)));
    }

    private static async Task<Created<Lyss.UserGrains.Notifications.NotificationView>> Send(Guid id, NotificationRequest body, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        var view = await grains.GetGrain<INotificationInboxGrain>(0).SendAsync(id, caller.TenantId, new NotificationDraft
        {
            NotificationType = body.NotificationType ?? "",
            Title = body.Title ?? "",
            Content = body.Content,
            Priority = body.Priority ?? "normal",
            ScheduledAt = body.ScheduledAt,
        });
        return TypedResults.Created((string?)null, view);
    }
}
