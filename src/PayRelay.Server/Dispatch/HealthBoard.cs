using PayRelay.Server.Configuration;
using PayRelay.Server.Http;

namespace PayRelay.Server.Dispatch;

/// <summary>
/// The deployment-wide health picture on this instance: the latest poll result per processor, whoever
/// polled it, and when the primary poller was last heard from. Poll results arrive as wall-clock times
/// (they may come from the peer) and are converted to this process's monotonic timestamps.
/// </summary>
public sealed class HealthBoard(Dispatcher dispatcher, TimeProvider time, ServerOptions options)
{
    /// <summary>Whether this instance is the primary poller (it is when configured so or when it has no peer).</summary>
    public bool IsLocalPrimary { get; } = options.HealthPoll == HealthPollRole.Primary || options.PeerUrl is null;

    private readonly HealthShare?[] _latest = new HealthShare?[ProcessorKinds.Count];
    private long _primaryHeardAt;

    /// <summary>Local timestamp of the last result polled by the primary (here or at the peer); 0 if never.</summary>
    public long PrimaryHeardAt => Interlocked.Read(ref _primaryHeardAt);

    public HealthShare? Latest(ProcessorKind kind) => Volatile.Read(ref _latest[(int)kind]);

    public HealthShare?[] Snapshot() => [Latest(ProcessorKind.Default), Latest(ProcessorKind.Fallback)];

    /// <summary>Applies a poll result; <paramref name="fromPrimary"/> marks the primary poller as alive.</summary>
    public void Apply(ProcessorKind kind, HealthShare share, bool fromPrimary)
    {
        var current = Volatile.Read(ref _latest[(int)kind]);
        if (current is null || share.PolledAt >= current.PolledAt)
        {
            Volatile.Write(ref _latest[(int)kind], share);
        }

        var age = time.GetUtcNow() - share.PolledAt;
        var observedAt = time.GetTimestamp() - (long)(Math.Max(0, age.TotalSeconds) * time.TimestampFrequency);
        dispatcher.Monitor(kind).Observe(new HealthReport(share.Failing, share.MinResponseTime, observedAt));
        if (fromPrimary)
        {
            HeardFromPrimary();
        }

        dispatcher.Ring();
    }

    /// <summary>The primary announced itself or pushed a result: the standby stops polling.</summary>
    public void HeardFromPrimary() => Interlocked.Exchange(ref _primaryHeardAt, time.GetTimestamp());

    public static bool TryParseKind(string name, out ProcessorKind kind)
    {
        kind = name == "fallback" ? ProcessorKind.Fallback : ProcessorKind.Default;
        return name is "default" or "fallback";
    }
}
