using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PayRelay.Server.Tests.Support;

/// <summary>One log line an instance wrote.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);

/// <summary>
/// Every line an instance logs, kept for assertions: added to a running instance's <see cref="ILoggerFactory"/>, it
/// also reaches the loggers the instance created before.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _lines = new();

    public IReadOnlyList<CapturedLog> Lines => [.. _lines];

    public static CapturedLogs AttachTo(ServerHost host)
    {
        var logs = new CapturedLogs();
        host.Get<ILoggerFactory>().AddProvider(logs);
        return logs;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(new CapturedLog(category, logLevel, eventId, formatter(state, exception), exception));
    }
}
