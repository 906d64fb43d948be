namespace PayRelay.Server.Http.Wire;

/// <summary>
/// The wire layer's log lines, source-generated, with stable event ids of their own (17xx). Each is written through a
/// <see cref="LogThrottle"/>: a client can send malformed requests or open connections as fast as it likes, the log
/// gets a line a second at most.
/// </summary>
internal static partial class WireLog
{
    [LoggerMessage(1701, LogLevel.Information, "Refused a malformed request with {Status}: {Reason} (and {Suppressed} more since the last such line)")]
    public static partial void Refused(ILogger logger, int status, string reason, long suppressed);

    [LoggerMessage(1702, LogLevel.Warning, "{Open} connections open, the MAX_CONNECTIONS limit: a new connection is answered 503 and closed (and {Suppressed} more since the last such line)")]
    public static partial void ConnectionRefused(ILogger logger, int open, long suppressed);
}
