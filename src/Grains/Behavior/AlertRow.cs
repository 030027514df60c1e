namespace Lyss.UserGrains.Grains.Behavior;

/// <summary>A security alert's severity and time (the risk score).</summary>
public sealed record AlertRow(DateTime CreatedAt, string Severity);
