using System.Buffers;

namespace Lyss.UserGrains.Common;

/// <summary>
/// What text the service stores: no NUL or other control characters (PostgreSQL refuses NUL in
/// text and jsonb, and a single such row used to stall the writer), no lone UTF-16 surrogates
/// (they cannot be encoded as UTF-8). Line breaks and tabs only where a field is multi-line.
/// </summary>
public static class PlainText
{
    // C0 controls except tab, line feed and carriage return; DEL; C1 controls.
    private static readonly SearchValues<char> Controls = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F"
        + "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F");

    private static readonly SearchValues<char> ControlsAndBreaks = SearchValues.Create(
        "\t\n\r\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F"
        + "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F");

    public const string ControlMessage = "Must not contain control characters or unpaired surrogates.";
    public const string LineBreakMessage = "Must be one line: no control characters (line breaks included) or unpaired surrogates.";

    /// <summary>True when the text may be stored; <paramref name="multiLine"/> allows tab, CR and LF.</summary>
    public static bool IsValid(ReadOnlySpan<char> text, bool multiLine = false) =>
        !text.ContainsAny(multiLine ? Controls : ControlsAndBreaks) && SurrogatesPaired(text);

    /// <summary>The message for a field that is not valid text, or null.</summary>
    public static string? Problem(string? text, bool multiLine = false) =>
        text is null || IsValid(text, multiLine) ? null : multiLine ? ControlMessage : LineBreakMessage;

    /// <summary>
    /// The first <paramref name="length"/> characters at most, never ending inside a surrogate pair
    /// (a cut pair is a lone surrogate, which PostgreSQL's encoding refuses).
    /// </summary>
    public static string Cut(string text, int length) =>
        text.Length <= length ? text : text[..(char.IsHighSurrogate(text[length - 1]) ? length - 1 : length)];

    /// <summary>
    /// The text with what PostgreSQL cannot store at all (NUL, unpaired surrogates) replaced by U+FFFD;
    /// for text that must be kept whatever it holds (a refused row set aside, an error message).
    /// </summary>
    public static string Repair(string text)
    {
        if (!text.Contains('\0', StringComparison.Ordinal) && SurrogatesPaired(text))
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var paired = char.IsHighSurrogate(chars[i]) ? i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1])
                : char.IsLowSurrogate(chars[i]) ? i > 0 && char.IsHighSurrogate(text[i - 1]) && chars[i - 1] == text[i - 1]
                : true;
            if (chars[i] == '\0' || !paired)
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }

    /// <summary>True when every UTF-16 surrogate is part of a pair.</summary>
    public static bool SurrogatesPaired(ReadOnlySpan<char> text)
    {
        var at = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (at < 0)
        {
            return true;
        }

        for (var i = at; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
