using System.Text.Json.Serialization;

namespace Lyss.UserGrains.Grains.Privacy;

/// <summary>A grain state, Redis structure or file of the inventory.</summary>
public sealed record InventoryStore(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("holds")] string Holds,
    [property: JsonPropertyName("anonymize")] string Anonymize,
    [property: JsonPropertyName("hard_delete")] string HardDelete);
