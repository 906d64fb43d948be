using PayRelay.Server.Dispatch;

namespace PayRelay.Server;

/// <summary>Every log line the server writes, source-generated, with stable event ids. Nothing here runs per request.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Processor {Processor} changed state {From} -> {To} (expected latency {LatencyMs} ms, {InFlight} in flight)")]
    public static partial void ProcessorStateChanged(ILogger logger, string processor, ProcessorState from, ProcessorState to, long latencyMs, int inFlight);

    [LoggerMessage(2, LogLevel.Warning, "Processor {Processor} in the last {Seconds} s: {Failures} failed attempts, {Uncertain} unknown outcomes, {Retried} payments queued again")]
    public static partial void FailureSummary(ILogger logger, string processor, int seconds, long failures, long uncertain, long retried);

    [LoggerMessage(3, LogLevel.Warning, "Payment {CorrelationId} was already stored by {Processor} on its first attempt here: charged elsewhere, not recorded again")]
    public static partial void ChargedElsewhere(ILogger logger, Guid correlationId, string processor);

    [LoggerMessage(4, LogLevel.Error, "Payment {CorrelationId} was refused by {Processor}; it will not be retried")]
    public static partial void Refused(ILogger logger, Guid correlationId, string processor);

    [LoggerMessage(5, LogLevel.Error, "Dispatcher pump fault; it goes on")]
    public static partial void PumpFault(ILogger logger, Exception exception);

    [LoggerMessage(6, LogLevel.Error, "Attempt for payment {CorrelationId} faulted; the payment is kept and pinned")]
    public static partial void AttemptFault(ILogger logger, Guid correlationId, Exception exception);

    [LoggerMessage(7, LogLevel.Information, "Health of {Processor}: failing={Failing}, minResponseTime={MinResponseTime} ms (polled by {Source})")]
    public static partial void HealthPolled(ILogger logger, string processor, bool failing, long minResponseTime, string source);

    [LoggerMessage(8, LogLevel.Warning, "Health poll of {Processor} failed: {Reason}")]
    public static partial void HealthPollFailed(ILogger logger, string processor, string reason);

    [LoggerMessage(9, LogLevel.Information, "Health polling of the processors: {Role} ({Reason})")]
    public static partial void HealthPollRole(ILogger logger, string role, string reason);

    [LoggerMessage(10, LogLevel.Warning, "Peer {Peer} did not answer {Operation}: {Reason}")]
    public static partial void PeerUnavailable(ILogger logger, string peer, string operation, string reason);

    [LoggerMessage(11, LogLevel.Information, "Draining: new payments refused, finishing {Pending} pending and {InFlight} in flight within {Seconds} s")]
    public static partial void Draining(ILogger logger, int pending, int inFlight, double seconds);

    [LoggerMessage(12, LogLevel.Information, "Drained: every accepted payment is confirmed")]
    public static partial void Drained(ILogger logger);

    [LoggerMessage(14, LogLevel.Information, "Ledger purged on request ({Scope})")]
    public static partial void Purged(ILogger logger, string scope);

    [LoggerMessage(15, LogLevel.Information, "PayRelay instance {InstanceId} up: default {DefaultUrl} (fee {DefaultFee}), fallback {FallbackUrl} (fee {FallbackFee}), peer {Peer}, fallback after {FallbackAfterMs} ms")]
    public static partial void Started(ILogger logger, string instanceId, Uri defaultUrl, decimal defaultFee, Uri fallbackUrl, decimal fallbackFee, string peer, long fallbackAfterMs);

    [LoggerMessage(16, LogLevel.Error, "Request {Method} {Path} faulted; answered 500")]
    public static partial void RequestFault(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(17, LogLevel.Error, "A connection's handler faulted; the connection is closed")]
    public static partial void ConnectionFault(ILogger logger, Exception exception);

    [LoggerMessage(18, LogLevel.Warning, "Shutdown deadline reached with {Count} connections open; they are closed")]
    public static partial void ConnectionsAborted(ILogger logger, int count);

    [LoggerMessage(19, LogLevel.Warning, "Listening on {Url} over IPv4 only: {Reason}")]
    public static partial void LoopbackSkipped(ILogger logger, string url, string reason);

    [LoggerMessage(20, LogLevel.Warning, "The peer reserved {CorrelationId} for this instance, which did not accept it, and could not be told: a later spelling of it there counts as a repeat")]
    public static partial void ReservationNotReturned(ILogger logger, Guid correlationId);

    [LoggerMessage(21, LogLevel.Warning, "Payment {CorrelationId} found on {Processor} with amount {HeldCents} cents and requestedAt {HeldRequestedAt} (Unix ms), not {AmountCents} and {RequestedAt}: recorded as the processor holds it")]
    public static partial void LookupDiffers(ILogger logger, Guid correlationId, string processor, long heldCents, long heldRequestedAt, long amountCents, long requestedAt);

    [LoggerMessage(30, LogLevel.Warning, "{Variable} is set but ignored: {Replacement}")]
    public static partial void SettingIgnored(ILogger logger, string variable, string replacement);

    [LoggerMessage(31, LogLevel.Warning, "The dispatch thread keeps its nice value: setting it to {Nice} failed ({Reason})")]
    public static partial void DispatchNiceFailed(ILogger logger, int nice, string reason);
}
