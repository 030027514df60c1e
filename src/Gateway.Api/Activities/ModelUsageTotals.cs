namespace Lyss.UserGrains.Gateway.Activities;

public sealed record ModelUsageTotals(long Tokens, decimal Cost);
