using Lyss.UserGrains.Privacy;

namespace Lyss.UserGrains.Grains.Privacy;

/// <summary>An anonymization on its way through the user's commit: the former addresses, and the steps the store took.</summary>
public sealed record ErasureRequest(string? Email, string? Phone)
{
    public List<ErasureStep> Steps { get; } = [];
}
