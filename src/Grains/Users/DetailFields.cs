using System.Text.Json;
using Lyss.UserGrains.Activities;

namespace Lyss.UserGrains.Grains.Users;

/// <summary>
/// What the pipeline reads out of a conversational activity's details, parsed once: tokens and
/// cost (model_usage only, so a chat message and the model call behind it are not counted
/// twice), the model, and the conversation's topic and title.
/// </summary>
public readonly record struct DetailFields(long Tokens, decimal Cost, string? Model, string? Topic, string? Title)
{
    public static DetailFields Read(string activityType, string? details)
    {
        if (details is null || activityType is not (ActivityTypes.ModelUsage or ActivityTypes.ChatMessage))
        {
            return default;
        }

        using var document = JsonDocument.Parse(details);
        var root = document.RootElement;
        var usage = activityType == ActivityTypes.ModelUsage;
        var tokens = usage && root.TryGetProperty("tokens", out var t) && t.TryGetInt64(out var tv) && tv > 0 ? tv : 0;
        // Six decimals, as stored (numeric(14,6)): memory and the rollup sum the same amounts.
        var cost = usage && root.TryGetProperty("cost", out var c) && c.TryGetDecimal(out var cv) && cv > 0 ? decimal.Round(Math.Min(cv, 99_999_999m), 6, MidpointRounding.AwayFromZero) : 0;
        return new DetailFields(tokens, cost, Text(root, "model", 100), Text(root, "topic", 100), Text(root, "title", 255));
    }

    private static string? Text(JsonElement root, string name, int maxLength) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? (text.Length > maxLength ? text[..maxLength] : text)
            : null;
}
