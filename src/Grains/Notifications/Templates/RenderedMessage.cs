namespace Lyss.UserGrains.Grains.Notifications.Templates;

/// <summary>A template filled in for one recipient, and the language it was written in.</summary>
public sealed record RenderedMessage(string Subject, string Body, string Language);
