namespace Lyss.UserGrains.Gateway.Activities;

public sealed record BatchItemResult(int Index, string Status, Guid? Id, string? Error, string? Field);
