namespace PayRelay.Server.Dispatch;

/// <summary>Monotonic counters of what happened to payments on this instance, for <c>/status</c>, <c>/metrics</c> and the logs.</summary>
public sealed class DispatchCounters
{
    private long _accepted;
    private long _duplicates;
    private readonly long[] _confirmed = new long[ProcessorKinds.Count];
    private long _retried;
    private long _uncertain;
    private long _foreign;
    private long _refused;
    private readonly long[] _lookups = new long[3];

    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Repeated POSTs of a correlationId this instance already has.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Confirmed => ConfirmedBy(ProcessorKind.Default) + ConfirmedBy(ProcessorKind.Fallback);

    /// <summary>Payments the ledger recorded as confirmed by <paramref name="processor"/>.</summary>
    public long ConfirmedBy(ProcessorKind processor) => Interlocked.Read(ref _confirmed[(int)processor]);

    /// <summary>Attempts that ended without a confirmation and were queued again.</summary>
    public long Retried => Interlocked.Read(ref _retried);

    /// <summary>Attempts with an unknown outcome (timeouts), each pinning its payment to that processor.</summary>
    public long Uncertain => Interlocked.Read(ref _uncertain);

    /// <summary>First attempts answered 422: someone else (the peer, an earlier life) charged that correlationId.</summary>
    public long ChargedElsewhere => Interlocked.Read(ref _foreign);

    /// <summary>Payments a processor refused outright (a 4xx other than 422 and 429); logged with their ids.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Lookups (<c>GET /payments/{id}</c>) of payments taken over pinned, by what they told.</summary>
    public long Lookups(LookupKind result) => Interlocked.Read(ref _lookups[(int)result]);

    public void OnAccepted() => Interlocked.Increment(ref _accepted);

    public void OnDuplicate() => Interlocked.Increment(ref _duplicates);

    public void OnConfirmed(ProcessorKind processor) => Interlocked.Increment(ref _confirmed[(int)processor]);

    public void OnRetried() => Interlocked.Increment(ref _retried);

    public void OnUncertain() => Interlocked.Increment(ref _uncertain);

    public void OnChargedElsewhere() => Interlocked.Increment(ref _foreign);

    public void OnRefused() => Interlocked.Increment(ref _refused);

    public void OnLookup(LookupKind result) => Interlocked.Increment(ref _lookups[(int)result]);
}
