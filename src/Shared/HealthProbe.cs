namespace Lyss.UserGrains.Hosting;

/// <summary>
/// <c>dotnet &lt;host&gt;.dll healthcheck [url]</c>: asks the host's own readiness endpoint and exits 0
/// when it answers 2xx, 1 otherwise. The container images' HEALTHCHECK runs it (the runtime images
/// carry no curl or wget).
/// </summary>
public static class HealthProbe
{
    public const string Name = "healthcheck";

    public static async Task<int> RunAsync(string[] args, string defaultUrl)
    {
        var url = args.Length > 1 ? args[1] : Environment.GetEnvironmentVariable("LYSS_HEALTHCHECK_URL") ?? defaultUrl;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(url);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"{url}: {e.Message}");
            return 1;
        }
    }
}
