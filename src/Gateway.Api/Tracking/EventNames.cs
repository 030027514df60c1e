using System.Collections.Concurrent;
using System.Text;
using Lyss.UserGrains.Activities;

namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>A tracked event's name as an activity type: a seed type when it is one, else its snake case as a custom type.</summary>
public static class EventNames
{
    private const int MaxLength = 50;
    private const int CacheLimit = 10_000;

    // A client sends the same few names over and over: each is turned into a type once (bounded).
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static string ToActivityType(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return ActivityTypes.CustomEvent;
        }

        if (Cache.TryGetValue(name, out var type))
        {
            return type;
        }

        var snake = SnakeCase(name);
        type = ActivityTypes.IsValid(snake) ? snake : ActivityTypes.CustomEvent;
        if (Cache.Count >= CacheLimit)
        {
            Cache.Clear();
        }

        return Cache.GetOrAdd(name, type);
    }

    /// <summary>"Order Completed", "orderCompleted", "order-completed" → "order_completed"; letters and digits of ASCII only.</summary>
    public static string SnakeCase(string name)
    {
        var result = new StringBuilder(Math.Min(name.Length + 8, MaxLength + 8));
        var separate = false;
        for (var i = 0; i < name.Length && result.Length < MaxLength; i++)
        {
            var c = name[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                // A capital after a lowercase letter or digit starts a word (camelCase); so does one before a lowercase letter (HTTPRequest).
                var upper = char.IsAsciiLetterUpper(c);
                var wordStart = upper && i > 0 && (char.IsAsciiLetterLower(name[i - 1]) || char.IsAsciiDigit(name[i - 1])
                    || (char.IsAsciiLetterUpper(name[i - 1]) && i + 1 < name.Length && char.IsAsciiLetterLower(name[i + 1])));
                if ((separate || wordStart) && result.Length > 0)
                {
                    result.Append('_');
                }

                result.Append(char.ToLowerInvariant(c));
                separate = false;
            }
            else
            {
                separate = true;
            }
        }

        var snake = result.ToString();
        return (snake.Length > MaxLength ? snake[..MaxLength] : snake).TrimEnd('_');
    }
}
