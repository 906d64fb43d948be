using System.Globalization;

namespace PayRelay.Bench.Scenarios;

/// <summary>
/// A fault on a scenario's timeline: at <see cref="At"/>, <c>up</c>'s control channel sends <see cref="Signal"/>
/// (TERM or KILL) to one service, and its supervisor starts the service again <see cref="RestartAfter"/> after the
/// signal (or when it has exited, if later); without <see cref="RestartAfter"/>, as soon as it exits.
/// </summary>
public sealed record Fault(TimeSpan At, string Instance, string Signal, TimeSpan? RestartAfter)
{
    public const string Term = "TERM";
    public const string Kill = "KILL";

    /// <summary>The fault as a shell user says it: "kill -9 api1" or "SIGTERM api2".</summary>
    public string Action => (Signal == Kill ? "kill -9 " : "SIGTERM ") + Instance;

    public override string ToString() => RestartAfter is { } back
        ? string.Create(CultureInfo.InvariantCulture, $"{At.TotalSeconds:0.##}s {Action}, restarted {back.TotalSeconds:0.##} s later")
        : string.Create(CultureInfo.InvariantCulture, $"{At.TotalSeconds:0.##}s {Action}, restarted when it exits");
}
