using System.Text.Json;

namespace Lyss.UserGrains.Scim;

/// <summary>
/// Parses SCIM filters (RFC 7644 §3.4.2.2): comparisons, <c>pr</c>, <c>and</c>/<c>or</c>/<c>not</c> with
/// the precedence not &gt; and &gt; or, parentheses, value paths (<c>emails[type eq "work"]</c>), URN-qualified
/// and dotted attribute paths; operators and attribute names case-insensitive. Also the PATCH path form
/// <c>attr[filter].sub</c> (§3.5.2). Bounded: 2,000 characters, 50 levels of nesting.
/// </summary>
public static class ScimFilterParser
{
    public const int MaxLength = 2000;
    private const int MaxDepth = 50;
    private static readonly string[] Operators = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"];

    public static ScimFilter Parse(string filter)
    {
        var parser = new Parser(filter);
        var result = parser.ParseOr(0, inValuePath: false);
        parser.SkipSpace();
        if (!parser.AtEnd)
        {
            throw parser.Error("unexpected text");
        }

        return result;
    }

    /// <summary>A PATCH operation's path: an attribute path, or <c>attr[filter]</c> with an optional <c>.sub</c>.</summary>
    public static (ScimAttributePath Path, ScimFilter? ValueFilter, string? SubAttribute) ParsePatchPath(string path)
    {
        var parser = new Parser(path);
        parser.SkipSpace();
        var attribute = parser.ReadAttributePath() ?? throw parser.Error("an attribute path");
        ScimFilter? valueFilter = null;
        string? sub = null;
        if (parser.TryTake('['))
        {
            valueFilter = parser.ParseOr(0, inValuePath: true);
            parser.SkipSpace();
            if (!parser.TryTake(']'))
            {
                throw parser.Error("']'");
            }

            if (parser.TryTake('.'))
            {
                var name = parser.ReadWord();
                sub = ScimAttributePath.Parse(name) is { SubAttribute: null, Schema: null } s ? s.Attribute : throw parser.Error("a sub-attribute");
            }
        }

        parser.SkipSpace();
        if (!parser.AtEnd)
        {
            throw parser.Error("unexpected text");
        }

        return (attribute, valueFilter, sub);
    }

    private sealed class Parser(string text)
    {
        private int _at;

        public bool AtEnd => _at >= text.Length;

        public ScimFilterException Error(string expected) =>
            new(AtEnd ? $"Expected {expected} at the end of the filter." : $"Expected {expected} at position {_at + 1} (\"{Excerpt()}\").");

        public ScimFilter ParseOr(int depth, bool inValuePath)
        {
            if (depth > MaxDepth || text.Length > MaxLength)
            {
                throw new ScimFilterException($"A filter is at most {MaxLength} characters and {MaxDepth} levels deep.");
            }

            var left = ParseAnd(depth, inValuePath);
            while (TryKeyword("or"))
            {
                left = new ScimFilter.Or(left, ParseAnd(depth, inValuePath));
            }

            return left;
        }

        private ScimFilter ParseAnd(int depth, bool inValuePath)
        {
            var left = ParseUnary(depth, inValuePath);
            while (TryKeyword("and"))
            {
                left = new ScimFilter.And(left, ParseUnary(depth, inValuePath));
            }

            return left;
        }

        private ScimFilter ParseUnary(int depth, bool inValuePath)
        {
            SkipSpace();
            var mark = _at;
            if (TryKeyword("not"))
            {
                SkipSpace();
                if (TryTake('('))
                {
                    var inner = ParseOr(depth + 1, inValuePath);
                    Close(')');
                    return new ScimFilter.Not(inner);
                }

                _at = mark; // an attribute named "not…"
            }

            if (TryTake('('))
            {
                var grouped = ParseOr(depth + 1, inValuePath);
                Close(')');
                return grouped;
            }

            var path = ReadAttributePath() ?? throw Error("an attribute path, 'not' or '('");
            if (TryTake('['))
            {
                if (inValuePath)
                {
                    throw Error("no value path inside a value path");
                }

                var inner = ParseOr(depth + 1, inValuePath: true);
                Close(']');
                return new ScimFilter.ValuePath(path, inner);
            }

            SkipSpace();
            var op = ReadWord().ToLowerInvariant();
            if (op == "pr")
            {
                return new ScimFilter.Present(path);
            }

            if (!Operators.Contains(op))
            {
                throw Error("an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr)");
            }

            SkipSpace();
            return new ScimFilter.Compare(path, op, ReadValue());
        }

        public ScimAttributePath? ReadAttributePath()
        {
            SkipSpace();
            var start = _at;
            while (!AtEnd && !char.IsWhiteSpace(text[_at]) && text[_at] is not ('[' or ']' or '(' or ')' or '"'))
            {
                _at++;
            }

            var word = text[start.._at];
            var path = ScimAttributePath.Parse(word);
            if (path is null)
            {
                _at = start;
            }

            return path;
        }

        public string ReadWord()
        {
            var start = _at;
            while (!AtEnd && char.IsAsciiLetterOrDigit(text[_at]) || (!AtEnd && text[_at] is '_' or '-' or '$'))
            {
                _at++;
            }

            return text[start.._at];
        }

        private JsonElement ReadValue()
        {
            if (AtEnd)
            {
                throw Error("a value");
            }

            var start = _at;
            if (text[_at] == '"')
            {
                _at++;
                var escaped = false;
                while (!AtEnd && (escaped || text[_at] != '"'))
                {
                    escaped = !escaped && text[_at] == '\\';
                    _at++;
                }

                if (AtEnd)
                {
                    throw Error("a closing quote");
                }

                _at++;
            }
            else
            {
                while (!AtEnd && !char.IsWhiteSpace(text[_at]) && text[_at] is not (')' or ']'))
                {
                    _at++;
                }
            }

            var literal = text[start.._at];
            try
            {
                using var document = JsonDocument.Parse(literal);
                var value = document.RootElement;
                if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    throw new JsonException();
                }

                return value.Clone();
            }
            catch (JsonException)
            {
                _at = start;
                throw Error("a value: a string in double quotes, a number, true, false or null");
            }
        }

        private void Close(char bracket)
        {
            SkipSpace();
            if (!TryTake(bracket))
            {
                throw Error($"'{bracket}'");
            }
        }

        public bool TryTake(char c)
        {
            if (!AtEnd && text[_at] == c)
            {
                _at++;
                return true;
            }

            return false;
        }

        /// <summary>A keyword followed by a space or a bracket (so "orders" is not "or").</summary>
        private bool TryKeyword(string keyword)
        {
            var mark = _at;
            SkipSpace();
            if (_at + keyword.Length <= text.Length
                && string.Compare(text, _at, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (_at + keyword.Length == text.Length || char.IsWhiteSpace(text[_at + keyword.Length]) || text[_at + keyword.Length] == '('))
            {
                _at += keyword.Length;
                return true;
            }

            _at = mark;
            return false;
        }

        public void SkipSpace()
        {
            while (!AtEnd && char.IsWhiteSpace(text[_at]))
            {
                _at++;
            }
        }

        private string Excerpt() => text.Substring(_at, Math.Min(20, text.Length - _at));
    }
}
