using System.Buffers;
using System.Text;
using System.Text.Json;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Common;

namespace Lyss.UserGrains.Grains.Users;

/// <summary>
/// An activity's details, checked and read in one pass: one JSON object of at most 16 KiB of
/// UTF-8, and what the pipeline reads out of a conversational activity's details — tokens and
/// cost (model_usage only, so a chat message and the model call behind it are not counted
/// twice), the model, and the conversation's topic and title.
/// </summary>
public readonly record struct DetailFields(long Tokens, decimal Cost, string? Model, string? Topic, string? Title)
{
    private const int MaxBytes = ActivityLimits.DetailsBytes;
    private const long MaxTokens = ActivityLimits.MaxTokens;
    private const decimal MaxCost = ActivityLimits.MaxCost;
    private const string BadText = "Text in details must not hold \\u0000 or an unpaired surrogate (PostgreSQL's jsonb refuses both).";
    private static readonly string TooLarge = $"At most {MaxBytes / 1024} KiB of JSON.";
    private const string NotAnObject = "Must be a JSON object.";

    /// <summary>The field that made the details unusable, and why; null when they are fine.</summary>
    public (string Field, string Error)? Problem { get; init; }

    /// <summary>Who serves the model (<c>details.provider</c> of a model_usage, as the seed's clients send it).</summary>
    public string? Provider { get; init; }

    /// <summary>Seconds the model took to answer (<c>details.response_time</c> of a chat_message or model_usage).</summary>
    public double? ResponseTime { get; init; }

    /// <summary>
    /// One encoding to UTF-8 (on the stack when small) and one pass of a reader, without building a
    /// document: this runs for every activity that has details. A later duplicate of a name wins. A
    /// model call's tokens or cost that is present but not a number of 0 or more is a problem naming
    /// that field (the activity is refused rather than counted as nothing); a text field of another
    /// kind counts as absent.
    /// </summary>
    public static DetailFields Read(string activityType, string? details)
    {
        if (details is null)
        {
            return default;
        }

        // Every character is at least one byte: longer text is too large before any encoding.
        if (details.Length > MaxBytes)
        {
            return Refused("details", TooLarge);
        }

        if (!PlainText.SurrogatesPaired(details))
        {
            return Refused("details", BadText);
        }

        var conversational = activityType is ActivityTypes.ModelUsage or ActivityTypes.ChatMessage;
        var usage = activityType == ActivityTypes.ModelUsage;
        // Sized to the need, not a fixed block: the stack buffer is zeroed on every call.
        var most = Encoding.UTF8.GetMaxByteCount(details.Length);
        byte[]? rented = null;
        var utf8 = most <= 2048 ? stackalloc byte[most] : (rented = ArrayPool<byte>.Shared.Rent(most));
        try
        {
            var length = Encoding.UTF8.GetBytes(details, utf8);
            if (length > MaxBytes)
            {
                return Refused("details", TooLarge);
            }

            var reader = new Utf8JsonReader(utf8[..length]);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Refused("details", NotAnObject);
            }

            var (tokens, cost, model, topic, title) = (0L, 0m, (string?)null, (string?)null, (string?)null);
            var (provider, responseTime) = ((string?)null, (double?)null);
            // Clients built on the original SDK send tokens_used; tokens, when also sent, wins.
            (long Value, bool Seen) namedTokens = default;
            (string Field, string Error)? problem = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader; // a copy left on the property name while the original moves to its value
                if (!Storable(ref name))
                {
                    return Refused("details", BadText);
                }

                reader.Read();
                // Other types' details only need their shape checked.
                if (usage && (name.ValueTextEquals("tokens"u8) || name.ValueTextEquals("tokens_used"u8)))
                {
                    var isTokens = name.ValueTextEquals("tokens"u8);
                    var counted = 0L;
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && value is >= 0 and <= MaxTokens)
                    {
                        counted = value;
                    }
                    else if (reader.TokenType != JsonTokenType.Null)
                    {
                        problem ??= (isTokens ? "details.tokens" : "details.tokens_used", "A whole number of tokens, 0 to 1,000,000,000.");
                    }

                    if (isTokens)
                    {
                        namedTokens = (counted, true);
                    }
                    else
                    {
                        tokens = counted;
                    }
                }
                else if (usage && name.ValueTextEquals("cost"u8))
                {
                    cost = 0;
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var value) && value is >= 0 and <= MaxCost)
                    {
                        // Six decimals, as stored: memory and the rollup sum the same amounts.
                        cost = decimal.Round(value, 6, MidpointRounding.AwayFromZero);
                    }
                    else if (reader.TokenType != JsonTokenType.Null)
                    {
                        problem ??= ("details.cost", "A number from 0 to 1,000,000.");
                    }
                }
                else if (conversational && name.ValueTextEquals("model"u8))
                {
                    model = Text(ref reader, ActivityLimits.UsageNameLength);
                }
                else if (usage && name.ValueTextEquals("provider"u8))
                {
                    provider = Text(ref reader, ActivityLimits.ProviderLength);
                }
                else if (conversational && name.ValueTextEquals("response_time"u8))
                {
                    responseTime = null;
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var seconds) && seconds is >= 0 and <= ActivityLimits.MaxResponseSeconds)
                    {
                        responseTime = seconds;
                    }
                    else if (reader.TokenType != JsonTokenType.Null)
                    {
                        problem ??= ("details.response_time", $"Seconds, a number from 0 to {ActivityLimits.MaxResponseSeconds:N0}.");
                    }
                }
                else if (conversational && name.ValueTextEquals("topic"u8))
                {
                    topic = Text(ref reader, 100);
                }
                else if (conversational && name.ValueTextEquals("title"u8))
                {
                    title = Text(ref reader, 255);
                }

                // Past a nested object or array, checking the text inside; a plain value was checked here.
                if (!StorableValue(ref reader))
                {
                    return Refused("details", BadText);
                }
            }

            // The object has ended; anything after it (a second value) makes it not one object.
            return reader.Read()
                ? Refused("details", NotAnObject)
                : new DetailFields(namedTokens.Seen ? namedTokens.Value : tokens, cost, model, topic, title)
                {
                    Problem = problem,
                    Provider = provider,
                    ResponseTime = responseTime,
                };
        }
        catch (JsonException)
        {
            return Refused("details", NotAnObject);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static DetailFields Refused(string field, string error) => new() { Problem = (field, error) };

    /// <summary>
    /// A string or property name PostgreSQL's jsonb takes: only an escaped one can hold \u0000 or
    /// an unpaired surrogate, so plain text (nearly all of it) costs one flag test.
    /// </summary>
    private static bool Storable(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped || reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
        {
            return true;
        }

        try
        {
            return !reader.GetString()!.Contains('\0', StringComparison.Ordinal);
        }
        catch (InvalidOperationException)
        {
            // An escaped unpaired surrogate cannot be read as UTF-16.
            return false;
        }
    }

    /// <summary>Checks the value the reader is on and, for an object or array, everything inside it, leaving the reader at its end.</summary>
    private static bool StorableValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return Storable(ref reader);
        }

        var depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (!Storable(ref reader))
            {
                return false;
            }
        }

        return true;
    }

    private static string? Text(ref Utf8JsonReader reader, int maxLength) =>
        reader.TokenType == JsonTokenType.String && Storable(ref reader) && reader.GetString() is { Length: > 0 } text
            && PlainText.IsValid(text, multiLine: true)
            ? PlainText.Cut(text, maxLength)
            : null;
}
