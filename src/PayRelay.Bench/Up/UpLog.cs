
namespace PayRelay.Bench.Up;

/// <summary>The events of <c>up</c>, source-generated with stable ids.</summary>
internal static partial class UpLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "started {Service} (pid {Pid}), log {LogPath}")]
    public static partial void Started(ILogger logger, string service, int pid, string logPath);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "{Service} limited to {Cpus} CPU and {Memory} of memory (cgroup v1)")]
    public static partial void Limited(ILogger logger, string service, string cpus, string memory);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "{Service} exited unexpectedly with code {ExitCode}; stopping the stack. Its log ends with:\n{LogTail}")]
    public static partial void ExitedUnexpectedly(ILogger logger, string service, int exitCode, string logTail);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "stopping {Service} (pid {Pid})")]
    public static partial void Stopping(ILogger logger, string service, int pid);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "{Service} exited with code {ExitCode}")]
    public static partial void Stopped(ILogger logger, string service, int exitCode);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "building {Project}")]
    public static partial void Building(ILogger logger, string project);
}
