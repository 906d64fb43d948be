namespace PayRelay.Bench.Up;

/// <summary>The two signals a fault sends, by the names <c>kill</c> takes: TERM (drain and stop) and KILL (die at once).</summary>
public static class SignalNames
{
    /// <summary>The signal's number for TERM/SIGTERM/15 or KILL/SIGKILL/9 (any case); null for anything else.</summary>
    public static int? Parse(string? name) => name?.Trim().ToUpperInvariant() switch
    {
        "TERM" or "SIGTERM" or "15" => Posix.SigTerm,
        "KILL" or "SIGKILL" or "9" => Posix.SigKill,
        _ => null,
    };

    /// <summary>SIGTERM or SIGKILL.</summary>
    public static string Of(int signal) => signal switch
    {
        Posix.SigTerm => "SIGTERM",
        Posix.SigKill => "SIGKILL",
        _ => "signal " + signal.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
