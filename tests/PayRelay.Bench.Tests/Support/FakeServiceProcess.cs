using PayRelay.Bench.Up;

namespace PayRelay.Bench.Tests.Support;

/// <summary>A service process that exits only when a test says so (or when signalled, if told to die of it).</summary>
public sealed class FakeServiceProcess(string name, int id) : IServiceProcess
{
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<int> _signals = [];
    private int _exitCode;

    public string Name { get; } = name;

    public int Id { get; } = id;

    public Task Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    public int ExitCode => HasExited ? _exitCode : throw new InvalidOperationException("still running");

    public string LogPath => "/dev/null";

    /// <summary>Exit as soon as a signal comes, with 128 + its number; otherwise the signal is only noted (a drain).</summary>
    public bool DiesOfSignals { get; init; } = true;

    public IReadOnlyList<int> Signals
    {
        get
        {
            lock (_signals)
            {
                return [.. _signals];
            }
        }
    }

    public bool Disposed { get; private set; }

    public string LogTail(int lines) => "the fake's last words";

    public bool Signal(int signal)
    {
        if (HasExited)
        {
            return false;
        }

        lock (_signals)
        {
            _signals.Add(signal);
        }

        if (DiesOfSignals)
        {
            Exit(128 + signal);
        }

        return true;
    }

    /// <summary>Called when the supervisor stops this process (the stack stops, or a restart).</summary>
    public Action<FakeServiceProcess>? OnStop { get; init; }

    public Task StopAsync(TimeSpan grace, TimeProvider time)
    {
        OnStop?.Invoke(this);
        Signal(15);
        Exit(143);
        return Task.CompletedTask;
    }

    public void Exit(int code)
    {
        lock (_signals)
        {
            if (HasExited)
            {
                return;
            }

            _exitCode = code;
        }

        _exited.TrySetResult();
    }

    public void Dispose() => Disposed = true;
}
