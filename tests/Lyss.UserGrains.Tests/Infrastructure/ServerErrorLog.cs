using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Lyss.UserGrains.Tests.Infrastructure;

/// <summary>
/// The last errors an in-process host logged (with their exceptions), so a test that got a 500 can say
/// what the server saw: the test runner shows no host console.
/// </summary>
public sealed class ServerErrorLog : ILoggerProvider
{
    private const int Keep = 20;
    private readonly ConcurrentQueue<string> _entries = new();

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    /// <summary>The recorded errors, oldest first ("" when none).</summary>
    public string Recent() => string.Join("\n---\n", _entries);

    public void Dispose()
    {
    }

    private void Add(string entry)
    {
        _entries.Enqueue(entry);
        while (_entries.Count > Keep && _entries.TryDequeue(out _))
        {
        }
    }

    private sealed class Recorder(ServerErrorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Add($"{DateTime.UtcNow:O} {category}: {formatter(state, exception)}\n{exception}");
            }
        }
    }
}
