
namespace PayRelay.Bench.Up;

/// <summary>The events of <c>up</c>, source-generated with stable ids.</summary>
internal static partial class UpLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "started {Service} (pid {Pid}), log {LogPath}")]
    public static partial void Started(ILogger logger, string service, int pid, string logPath);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "{Service} limited to {Cpus} CPU and {Memory} of memory (cgroup v1)")]
    public static partial void Limited(ILogger logger, string service, string cpus, string memory);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "{Service} (pid {Pid}) exited unexpectedly with code {ExitCode}; restarting {After}. Its log ends with:\n{LogTail}")]
    public static partial void ExitedUnexpectedly(ILogger logger, string service, int pid, int exitCode, string after, string logTail);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "stopping {Service} (pid {Pid})")]
    public static partial void Stopping(ILogger logger, string service, int pid);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "{Service} exited with code {ExitCode}")]
    public static partial void Stopped(ILogger logger, string service, int exitCode);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "building {Project}")]
    public static partial void Building(ILogger logger, string project);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "{Service} (pid {Pid}) exited {Cause} with code {ExitCode}; restarting {After}")]
    public static partial void ExitedOnRequest(ILogger logger, string service, int pid, int exitCode, string cause, string after);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Information, Message = "restarted {Service} (pid {Pid}, restart {Restarts})")]
    public static partial void Restarted(ILogger logger, string service, int pid, int restarts);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Error, Message = "{Service} could not be started again ({Reason}); next try in {Seconds} s")]
    public static partial void StartFailed(ILogger logger, string service, string reason, string seconds);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "sent {Signal} to {Service} (pid {Pid}) on request; {Then}")]
    public static partial void Signalled(ILogger logger, string service, int pid, string signal, string then);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "control channel on {Path} (also {Link})")]
    public static partial void ControlListening(ILogger logger, string path, string link);
}
