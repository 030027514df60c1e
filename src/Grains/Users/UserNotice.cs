namespace Lyss.UserGrains.Grains.Users;

/// <summary>An in-app notification to the user, written with the change that caused it.</summary>
public sealed record UserNotice(string Type, string Title, string Content, string Priority);
