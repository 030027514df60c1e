namespace Lyss.UserGrains.Gateway.Notifications;

public sealed record MarkedReadResponse(long MarkedRead);
