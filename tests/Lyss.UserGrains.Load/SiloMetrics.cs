using System.Globalization;
using System.Text.RegularExpressions;

namespace Lyss.UserGrains.Load;

/// <summary>Reads one unlabelled figure from a silo's Prometheus endpoint.</summary>
public sealed class SiloMetrics(Uri endpoint) : IDisposable
{
    private readonly HttpClient _http = new();

    public async Task<double> ReadAsync(string name)
    {
        var text = await _http.GetStringAsync(endpoint);
        var match = Regex.Match(text, "^" + Regex.Escape(name) + " ([0-9.eE+-]+)$", RegexOptions.Multiline);
        return match.Success
            ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"{name} not found at {endpoint}");
    }

    public void Dispose() => _http.Dispose();
}
