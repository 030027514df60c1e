using System.Collections.Concurrent;
using System.Net;

namespace Lyss.UserGrains.Tests.Infrastructure;

/// <summary>
/// An HTTP endpoint on loopback that answers 200 to every POST and keeps the bodies (push/SMS gateways).
/// A notification titled <c>fail-N …</c> is answered 503 its first N times, <c>fail-always …</c> always.
/// </summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public WebhookSink()
    {
        Port = FreePorts.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = ServeAsync();
    }

    public int Port { get; }

    public Uri Url(string path) => new($"http://127.0.0.1:{Port}/{path}");

    public ConcurrentQueue<(string Path, string Body)> Requests { get; } = new();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            Requests.Enqueue((context.Request.Url!.AbsolutePath, body));
            context.Response.StatusCode = ShouldFail(body) ? 503 : 200;
            context.Response.Close();
        }
    }

    private readonly ConcurrentDictionary<string, int> _seen = new();

    private bool ShouldFail(string body)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            var title = json.RootElement.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
            var id = json.RootElement.TryGetProperty("notification_id", out var n) ? n.ToString() : "";
            if (!title.StartsWith("fail-", StringComparison.Ordinal))
            {
                return false;
            }

            var seen = _seen.AddOrUpdate(id, 1, (_, count) => count + 1);
            var word = title[5..].Split(' ')[0];
            return word == "always" || (int.TryParse(word, out var times) && seen <= times);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
