namespace AtRest.Tests.Shared.KubeApiServer;

/// <summary>The last lines a kube-apiserver process printed (stdout and stderr), across restarts, for failure messages.</summary>
internal sealed class KubeApiServerLog
{
    private const int MaxLines = 300;
    private readonly Queue<string> _lines = new();
    private readonly Lock _lock = new();

    public void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _lines.Enqueue(line);
            while (_lines.Count > MaxLines)
            {
                _lines.Dequeue();
            }
        }
    }

    public bool Contains(string text)
    {
        lock (_lock)
        {
            return _lines.Any(line => line.Contains(text, StringComparison.Ordinal));
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return string.Join('\n', _lines);
        }
    }
}
