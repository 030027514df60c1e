namespace Lyss.UserGrains.Grains.Users;

/// <summary>An in-app notification to the user from a template, written with the change that caused it.</summary>
public sealed record UserNotice(string Type, string Template, IReadOnlyDictionary<string, string?> Values, string Priority = "normal");
