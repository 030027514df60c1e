using System.Globalization;

namespace Lyss.UserGrains.Gateway.Activities.Live;

/// <summary>A Redis stream entry id (<c>milliseconds-sequence</c>), ordered.</summary>
internal readonly record struct StreamCursor(long Milliseconds, long Sequence) : IComparable<StreamCursor>
{
    public static readonly StreamCursor Start = new(0, 0);

    public static StreamCursor Parse(string id)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return dash < 0
            ? new(long.Parse(id, CultureInfo.InvariantCulture), 0)
            : new(long.Parse(id.AsSpan(0, dash), CultureInfo.InvariantCulture), long.Parse(id.AsSpan(dash + 1), CultureInfo.InvariantCulture));
    }

    public int CompareTo(StreamCursor other) =>
        Milliseconds != other.Milliseconds ? Milliseconds.CompareTo(other.Milliseconds) : Sequence.CompareTo(other.Sequence);

    public static bool operator >(StreamCursor a, StreamCursor b) => a.CompareTo(b) > 0;

    public static bool operator <(StreamCursor a, StreamCursor b) => a.CompareTo(b) < 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Milliseconds}-{Sequence}");
}
