namespace PayRelay.Server.Dispatch;

/// <summary>
/// What this instance has observed of one processor: outcomes and latencies of its own calls, the calls
/// still running, and the shared health poll. Calls are the ground truth; the health poll only speaks
/// for the time since the last call succeeded. Updates arrive a few hundred times per second at most, so
/// one lock keeps the reasoning simple without costing anything measurable.
/// <para>
/// With a <see cref="ConcurrencyLimiter"/>, regular attempts are bounded by its learned limit as well as by
/// <paramref name="maxInFlight"/>; every answer, timeout and 5xx feeds it, and the moment the processor is seen to stop
/// failing starts its slow start. Probes are not counted against it: their own slots bound them.
/// </para>
/// </summary>
public sealed class ProcessorMonitor(ProcessorKind kind, TimeProvider time, int maxInFlight, TimeSpan probeInterval, ConcurrencyLimiter? limiter = null)
{
    private const int FailureThreshold = 3;

    /// <summary>Probes that may be out at once to a failing processor.</summary>
    private const int MaxFailingProbes = 4;

    /// <summary>An answer overdue by this factor of the usual latency makes the processor suspect...</summary>
    private const long SuspectFactor = 4;

    /// <summary>...but never before this long, so scheduling hiccups of a fast processor do not count.</summary>
    private const long SuspectFloorMs = 200;

    private readonly Lock _gate = new();
    private readonly LinkedList<long> _running = new();
    private readonly LinkedList<long> _probing = new();
    private int _consecutiveFailures;
    private long _lastSuccessAt;
    private long _failingSince;
    private long _latencyMs;
    private long _lastAnswerAt;
    private long _failureDelayMs;
    private HealthReport? _health;
    private long _lastProbeAt;
    private long _failures;
    private long _timeouts;
    private long _started;
    private bool _wasFailing;

    public ProcessorKind Kind { get; } = kind;

    /// <summary>Attempts that ended without a confirmation, since start.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Attempts whose outcome is unknown (timeouts), since start.</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <summary>Attempts started (probes included), since start.</summary>
    public long Started => Interlocked.Read(ref _started);

    /// <summary>Regular attempts that may run at once now: the adaptive limit, or the fixed bound without a limiter.</summary>
    public int Limit
    {
        get
        {
            var now = time.GetTimestamp();
            lock (_gate)
            {
                return LimitAt(now);
            }
        }
    }

    /// <summary>The latest health poll result, from this instance or its peer.</summary>
    public HealthReport? Health
    {
        get
        {
            lock (_gate)
            {
                return _health;
            }
        }
    }

    public ProcessorView View()
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            var callsFailing = _failingSince > _lastSuccessAt;
            bool failing;
            long latency;
            if (_health is { } newest && newest.ObservedAt > _lastAnswerAt)
            {
                // No call has answered since the poll: it is the newest word on the processor, recovery included. This
                // is how a processor that is not probed (its delay is too long, see RoutingPolicy) is seen again.
                failing = newest.Failing;
                latency = newest.MinResponseTimeMs;
            }
            else
            {
                failing = callsFailing || (_health is { Failing: true } h && h.ObservedAt > _lastSuccessAt);

                // A failing processor still makes its callers wait out its delay before the 500.
                latency = callsFailing ? Math.Max(_latencyMs, _failureDelayMs) : _latencyMs;
                if (_health is { } health && health.ObservedAt > _lastSuccessAt)
                {
                    latency = Math.Max(latency, health.MinResponseTimeMs);
                }
            }

            var suspect = false;
            if (_running.First is { } oldest)
            {
                var age = (long)time.GetElapsedTime(oldest.Value, now).TotalMilliseconds;
                suspect = age > Math.Max(SuspectFloorMs, _latencyMs * SuspectFactor);
                latency = Math.Max(latency, age);
            }

            // Several probes may be out at once to a failing processor, so one caught in an outage's long delay does not
            // hide a recovery; a slow one gets one at a time. Whether a probe may go at all is the policy's call.
            if (_wasFailing && !failing)
            {
                limiter?.Recovered(now);
            }

            _wasFailing = failing;
            var probeSlots = failing ? MaxFailingProbes : 1;
            var probeDue = _probing.Count < probeSlots && (_lastProbeAt == 0 || time.GetElapsedTime(_lastProbeAt, now) >= probeInterval);
            var inFlight = _running.Count + _probing.Count;
            var healthAge = _health is null ? long.MaxValue : (long)time.GetElapsedTime(_health.ObservedAt, now).TotalMilliseconds;
            var hasCapacity = inFlight < maxInFlight && _running.Count < LimitAt(now);
            return new ProcessorView(failing, latency, inFlight, hasCapacity, probeDue, suspect, healthAge);
        }
    }

    /// <summary>Registers an attempt about to be sent; dispose the handle with its outcome.</summary>
    public Attempt Start(bool probe)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (probe)
            {
                _lastProbeAt = now;
            }

            _started++;

            // Probes are kept apart: one caught in an outage's long delay is not an overdue answer of the processor.
            return new Attempt(probe ? _probing.AddLast(now) : _running.AddLast(now), probe);
        }
    }

    public void Succeeded(Attempt attempt)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            limiter?.OnAnswer(attempt.Node.Value, now, _running.Count + _probing.Count);
            Finish(attempt);
            var latency = (long)time.GetElapsedTime(attempt.Node.Value, now).TotalMilliseconds;
            _latencyMs = _lastSuccessAt == 0 ? latency : (_latencyMs + latency) / 2;
            _lastSuccessAt = now;
            _lastAnswerAt = now;
            _consecutiveFailures = 0;
        }
    }

    /// <summary>A failed or unknown outcome; a timeout also tells the latency was at least the timeout.</summary>
    public void Failed(Attempt attempt, bool timedOut)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            limiter?.OnDrop(attempt.Node.Value, now);
            Finish(attempt);
            _failures++;
            if (timedOut)
            {
                _timeouts++;
            }

            // Only the newest evidence counts: an attempt sent before the last success speaks of an older state.
            if (attempt.Node.Value < _lastSuccessAt)
            {
                return;
            }

            var duration = (long)time.GetElapsedTime(attempt.Node.Value, now).TotalMilliseconds;
            _lastAnswerAt = now;
            _failureDelayMs = duration;
            if (timedOut)
            {
                _latencyMs = Math.Max(_latencyMs, duration);
            }

            if (++_consecutiveFailures >= FailureThreshold || attempt.Probe)
            {
                _failingSince = now;
            }
        }
    }

    /// <summary>Ends an attempt whose outcome says nothing about the processor's health (e.g. a 422).</summary>
    public void Ended(Attempt attempt)
    {
        lock (_gate)
        {
            Finish(attempt);
        }
    }

    public void Observe(HealthReport report)
    {
        lock (_gate)
        {
            if (_health is null || report.ObservedAt >= _health.ObservedAt)
            {
                _health = report;
            }
        }
    }

    private int LimitAt(long now) => limiter is null ? maxInFlight : Math.Min(maxInFlight, limiter.LimitAt(now));

    private void Finish(Attempt attempt)
    {
        if (attempt.Probe)
        {
            _probing.Remove(attempt.Node);
        }
        else
        {
            _running.Remove(attempt.Node);
        }
    }

    /// <summary>One call in flight: its start timestamp lives in the monitor's list of running calls.</summary>
    public readonly record struct Attempt(LinkedListNode<long> Node, bool Probe);
}

/// <summary>One result of <c>GET /payments/service-health</c>, stamped with the local timestamp it was received at.</summary>
public sealed record HealthReport(bool Failing, long MinResponseTimeMs, long ObservedAt);
