using System.Globalization;
using System.Text.RegularExpressions;

namespace Lyss.UserGrains.Load;

/// <summary>Reads one figure from a silo's Prometheus endpoint.</summary>
public sealed class SiloMetrics(Uri endpoint) : IDisposable
{
    private readonly HttpClient _http = new();

    /// <summary>The figure of <paramref name="name"/>, or of its series with exactly <paramref name="labels"/> (<c>a="b"</c>); 0 when that series has not been written yet.</summary>
    public async Task<double> ReadAsync(string name, string? labels = null)
    {
        var text = await _http.GetStringAsync(endpoint);
        var series = labels is null ? Regex.Escape(name) : Regex.Escape(name + "{" + labels + "}");
        var match = Regex.Match(text, "^" + series + " ([0-9.eE+-]+)$", RegexOptions.Multiline);
        if (!match.Success && labels is not null)
        {
            return 0;
        }

        return match.Success
            ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"{name} not found at {endpoint}");
    }

    public void Dispose() => _http.Dispose();
}
