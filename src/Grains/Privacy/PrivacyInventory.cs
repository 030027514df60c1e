using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lyss.UserGrains.Grains.Privacy;

/// <summary>
/// docs/privacy-inventory.json, built into the grains: every table, grain state, Redis structure and
/// file that can hold personal data, which columns are personal, and what each erasure mode does.
/// </summary>
public sealed record PrivacyInventory(
    [property: JsonPropertyName("tables")] IReadOnlyList<InventoryTable> Tables,
    [property: JsonPropertyName("grain_states")] IReadOnlyList<InventoryStore> GrainStates,
    [property: JsonPropertyName("redis")] IReadOnlyList<InventoryStore> Redis,
    [property: JsonPropertyName("files")] IReadOnlyList<InventoryStore> Files)
{
    private static readonly Lazy<PrivacyInventory> Embedded = new(() =>
    {
        using var stream = typeof(PrivacyInventory).Assembly.GetManifestResourceStream("privacy-inventory.json")
            ?? throw new InvalidOperationException("privacy-inventory.json is not embedded.");
        return JsonSerializer.Deserialize<PrivacyInventory>(stream) ?? throw new InvalidOperationException("privacy-inventory.json is empty.");
    });

    public static PrivacyInventory Current => Embedded.Value;
}
