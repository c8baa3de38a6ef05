using System.Text;
using Microsoft.Extensions.Logging;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>Keeps the server's log lines (with exceptions) so that a failing test can show them.</summary>
internal sealed class LogCollector : ILoggerProvider
{
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();

    /// <summary>Everything logged so far.</summary>
    public string Text
    {
        get
        {
            lock (_lock)
            {
                return _text.ToString();
            }
        }
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private void Append(string line)
    {
        lock (_lock)
        {
            _text.AppendLine(line);
        }
    }

    private sealed class Logger(LogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Append($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
    }
}
