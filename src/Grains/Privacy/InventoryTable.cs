using System.Text.Json.Serialization;

namespace Lyss.UserGrains.Grains.Privacy;

/// <summary>One table of the inventory: its columns by class, the column naming the user its rows belong to, and what erasure does.</summary>
public sealed record InventoryTable(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("user_column")] string? UserColumn,
    [property: JsonPropertyName("holds")] string Holds,
    [property: JsonPropertyName("personal")] IReadOnlyList<string> Personal,
    [property: JsonPropertyName("pseudonymous")] IReadOnlyList<string> Pseudonymous,
    [property: JsonPropertyName("not_personal")] IReadOnlyList<string> NotPersonal,
    [property: JsonPropertyName("anonymize")] string Anonymize,
    [property: JsonPropertyName("hard_delete")] string HardDelete);
