using PayRelay.Server.Configuration;

namespace PayRelay.Server.Dispatch;

/// <summary>What the dispatcher does with one payment now.</summary>
/// <param name="Target">The processor to send it to, or null to hold it.</param>
/// <param name="Probe">The attempt tests a processor that is failing or slow.</param>
/// <param name="WaitFor">When held: how long until the decision may change without any new observation.</param>
public readonly record struct Route(ProcessorKind? Target, bool Probe, TimeSpan WaitFor)
{
    public static Route Send(ProcessorKind target, bool probe = false) => new(target, probe, TimeSpan.Zero);

    public static Route Hold(TimeSpan waitFor) => new(null, false, waitFor);
}

/// <summary>
/// Decides per payment from what the instance observes. The default is always cheaper, so it takes every
/// payment while it is healthy. When its answers are overdue (suspect), payments wait for them, which costs
/// nothing but a moment. When it is slow (its calls would outlast the auditors' margin) and the
/// fallback is healthy, the fallback takes payments at once: slowness tends to last, and a payment held
/// until the end of a run is worth nothing. When the default is failing, a payment waits for it up to
/// <see cref="ServerOptions.EffectiveFallbackAfter"/> (longer the dearer the fallback), then goes to a
/// healthy fallback. A processor that is failing is probed with a few real payments at a time (a slow one with one),
/// which is how its recovery shows within a fraction of a second. A payment whose earlier attempt had an unknown
/// outcome only ever goes back to that processor; one taken over so from another process is first looked up there
/// (<see cref="DecideLookup"/>).
/// <para>
/// A probe must not land where an auditor can see it land. A processor applies its delay before it decides to fail, so a
/// probe sent during an outage with a delay of seconds is stored, seconds later, if the outage ends meanwhile; stamped
/// with the time it was sent, it appears in a window the auditors have already looked at, and the check that fetches the
/// processor's summary just before the store and the backend's just after counts it. So a processor whose delay is past
/// the safe latency is probed only with a payment accepted more than <see cref="UnseenAfter"/> ago, stamped with the
/// time it was accepted, or when the health poll has gone quiet; otherwise its recovery shows in the next poll.
/// </para>
/// </summary>
public sealed class RoutingPolicy(ServerOptions options)
{
    private readonly long _safeLatencyMs = (long)options.SafeLatency.TotalMilliseconds;
    private readonly TimeSpan _fallbackAfter = options.EffectiveFallbackAfter;
    private readonly TimeSpan _probeInterval = options.ProbeInterval;
    private readonly long _healthQuietMs = (long)options.HealthPollSilence.TotalMilliseconds;
    private readonly long _stampLeadMs = (long)options.StampLead.TotalMilliseconds;

    public long SafeLatencyMs => _safeLatencyMs;

    /// <summary>A requestedAt older than this is out of every later consistency check's window.</summary>
    public TimeSpan UnseenAfter { get; } = options.AuditLookback + TimeSpan.FromSeconds(1);

    /// <summary>
    /// The requestedAt of a payment's first attempt at a processor (later attempts at the same processor re-send it).
    /// Normally the moment the processor takes the request: now plus <see cref="ServerOptions.StampLead"/>. A probe of a
    /// payment accepted longer than <see cref="UnseenAfter"/> ago carries its acceptance time instead, which no later
    /// check can see, so the processor may store it whenever its delay ends.
    /// </summary>
    /// <param name="nowMs">The current UTC time, Unix milliseconds.</param>
    /// <param name="waited">How long ago the payment was accepted.</param>
    /// <param name="probe">The attempt is a probe of a failing or slow processor.</param>
    public long Stamp(long nowMs, TimeSpan waited, bool probe) =>
        probe && waited >= UnseenAfter ? nowMs - (long)waited.TotalMilliseconds : nowMs + _stampLeadMs;

    /// <param name="pinnedTo">The processor an earlier attempt with an unknown outcome ties the payment to, if any.</param>
    /// <param name="waited">How long the payment has waited since it was accepted; for a pinned one, the age of its stamp.</param>
    /// <param name="defaultView">How the default processor looks now.</param>
    /// <param name="fallbackView">How the fallback processor looks now.</param>
    public Route Decide(ProcessorKind? pinnedTo, TimeSpan waited, in ProcessorView defaultView, in ProcessorView fallbackView)
    {
        if (pinnedTo is { } pinned)
        {
            return SendOrProbe(pinned, waited, pinned == ProcessorKind.Default ? defaultView : fallbackView);
        }

        var defaultState = defaultView.State(_safeLatencyMs);
        var fallbackState = fallbackView.State(_safeLatencyMs);
        if (defaultState == ProcessorState.Healthy)
        {
            return defaultView.HasCapacity ? Route.Send(ProcessorKind.Default) : Route.Hold(_probeInterval);
        }

        var fallbackAllowed = defaultState == ProcessorState.Slow || waited >= _fallbackAfter;
        if (fallbackAllowed && fallbackState == ProcessorState.Healthy)
        {
            // At its concurrency limit a healthy fallback is still the place: a slot frees within one of its answers (which
            // rings the pump). Probing a slow or failing default instead would send it real payments it should not get.
            return fallbackView.HasCapacity ? Route.Send(ProcessorKind.Fallback) : Route.Hold(_probeInterval);
        }

        // A suspect processor is not probed: the answers it owes will tell.
        if (defaultView.ProbeDue && defaultState != ProcessorState.Suspect && MayProbe(defaultView, waited))
        {
            return Route.Send(ProcessorKind.Default, probe: true);
        }

        if (fallbackAllowed && fallbackState is ProcessorState.Slow or ProcessorState.Failing && fallbackView.ProbeDue && MayProbe(fallbackView, waited))
        {
            return Route.Send(ProcessorKind.Fallback, probe: true);
        }

        var untilFallback = fallbackAllowed ? _probeInterval : _fallbackAfter - waited;
        return Route.Hold(untilFallback < _probeInterval ? untilFallback : _probeInterval);
    }

    /// <summary>
    /// Where the lookup (<c>GET /payments/{id}</c>) of a payment taken over pinned goes: to its processor whenever a slot
    /// is free there, and to a failing one as a probe, so a processor whose lookups fail too is asked once a probe interval,
    /// not hammered. A lookup stores nothing, so unlike a re-send it cannot land where an auditor sees it: neither the
    /// processor's latency nor the payment's age hold it back. A suspect processor is not asked: the answers it owes will tell.
    /// </summary>
    public Route DecideLookup(ProcessorKind pinned, in ProcessorView view)
    {
        var state = view.State(_safeLatencyMs);
        if (state is ProcessorState.Healthy or ProcessorState.Slow && view.HasCapacity)
        {
            return Route.Send(pinned);
        }

        return state == ProcessorState.Failing && view.ProbeDue ? Route.Send(pinned, probe: true) : Route.Hold(_probeInterval);
    }

    private Route SendOrProbe(ProcessorKind target, TimeSpan waited, in ProcessorView view)
    {
        var state = view.State(_safeLatencyMs);
        if (state is ProcessorState.Healthy or ProcessorState.Slow && view.HasCapacity)
        {
            return Route.Send(target);
        }

        return state == ProcessorState.Failing && view.ProbeDue && MayProbe(view, waited) ? Route.Send(target, probe: true) : Route.Hold(_probeInterval);
    }

    /// <summary>
    /// A probe lands within the safe latency, or carries a stamp no check will see, or there is no poll to learn the
    /// recovery from: then the race is the lesser harm than holding payments for good.
    /// </summary>
    private bool MayProbe(in ProcessorView view, TimeSpan waited) =>
        view.ExpectedLatencyMs < _safeLatencyMs || waited >= UnseenAfter || view.HealthAgeMs > _healthQuietMs;
}
