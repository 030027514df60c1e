using System.Net.Http.Headers;
using System.Threading.Channels;

namespace Lyss.UserGrains.Tests.Infrastructure;

/// <summary>A Server-Sent Events connection read in the background: its events (comments included) as they arrive.</summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<SseEvent> _events = Channel.CreateUnbounded<SseEvent>();
    private readonly Task _reading;

    private SseClient(HttpResponseMessage response)
    {
        _response = response;
        _reading = Task.Run(ReadAsync);
    }

    public static async Task<(HttpResponseMessage Response, SseClient? Client)> OpenAsync(HttpClient http, string path, string token, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return (response, response.IsSuccessStatusCode ? new SseClient(response) : null);
    }

    /// <summary>The next event (or comment), or a timeout naming what was awaited.</summary>
    public async Task<SseEvent> NextAsync(TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _events.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No SSE event within {timeout.TotalSeconds:F0} s: {what}");
        }
    }

    /// <summary>The next event of <paramref name="type"/>, skipping others (comments, retry).</summary>
    public async Task<SseEvent> NextOfAsync(string type, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var e = await NextAsync(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1), what);
            if (e.Event == type)
            {
                return e;
            }
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(await _response.Content.ReadAsStreamAsync(_stop.Token));
            string? id = null, type = null, comment = null;
            var data = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Count > 0 || comment is not null)
                    {
                        _events.Writer.TryWrite(new SseEvent(id, type ?? (comment is null ? "message" : "comment"), comment ?? string.Join("\n", data)));
                    }

                    id = type = comment = null;
                    data.Clear();
                }
                else if (line.StartsWith(':'))
                {
                    comment = line[1..].Trim();
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = line[4..];
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Add(line[6..]);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            // Disposed, or the server went away: the stream has ended (NextAsync then times out).
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _reading;
        _stop.Dispose();
    }
}
