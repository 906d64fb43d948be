namespace PayRelay.Bench.Up;

/// <summary>One run of a service's process, as the supervisor sees it (a <see cref="ChildProcess"/>, or a fake in tests).</summary>
public interface IServiceProcess : IDisposable
{
    string Name { get; }

    int Id { get; }

    /// <summary>Completes when the process has exited.</summary>
    Task Exited { get; }

    bool HasExited { get; }

    /// <summary>The exit code once exited; 128 + the signal's number when a signal ended it.</summary>
    int ExitCode { get; }

    string LogPath { get; }

    /// <summary>The last lines of the service's log, to show why it failed.</summary>
    string LogTail(int lines);

    /// <summary>Sends <paramref name="signal"/>; false when the process is gone.</summary>
    bool Signal(int signal);

    /// <summary>SIGTERM, then SIGKILL if it has not exited within <paramref name="grace"/>.</summary>
    Task StopAsync(TimeSpan grace, TimeProvider time);
}
