namespace Lyss.UserGrains.Grains.Notifications;

/// <summary>An outbound message claimed for sending.</summary>
public sealed record QueuedMessage(Guid Id, Guid? UserId, string Purpose, string Channel, string Recipient, string Subject, string Body, int Attempt);
