namespace PayRelay.Server.Dispatch;

/// <summary>
/// How many attempts one processor may have running at once, learned from its answers (the TCP Vegas family, close to
/// Netflix's Gradient2 and Envoy's adaptive concurrency filter). A fixed rate was wrong both ways: 500 attempts per
/// second drowned a two-core machine when the backlog left after an outage, 150 per second left thousands unsent at the
/// end. The processors share the machine with the instances, so their latency is the signal. As in TCP Vegas, the
/// latency above the no-load latency tells how many of this instance's attempts wait in a queue somewhere (in the
/// processor, its database or the CPU run queue): <c>queued = limit × (1 − noLoad / latency)</c>. Fewer than
/// α = β / 2 (× log10 limit, as Netflix's Vegas limiter scales them) and the limit grows; more than β (× log10 limit,
/// <see cref="DefaultBeta"/> unless configured) and it is cut to where β would wait (at most halving); in between it
/// holds. Counting waiting requests rather than a latency ratio keeps a handful in flight however slow the machine
/// gets (a limit of β or less never has more than that waiting), so neither the machine's other load nor
/// a slow processor can hold the backlog for good, while a burst that drowns the processors is cut within a round trip.
/// Timeouts and 5xx halve the limit, down to 1.
/// <para>
/// It decides once per round trip, as TCP Vegas does: a round collects the outcomes of the attempts sent since the last
/// decision and ends with the first outcome of an attempt sent after the round's first outcome arrived, so it spans at
/// least one round trip. The round's latency is its fastest answer: on a machine shared with other busy processes single
/// answers stall for a moment now and then, which says nothing of a queue; when every answer of a round is slow, there
/// is one. Outcomes of attempts sent before the last decision spoke for the old limit and only feed the no-load
/// latency.
/// </para>
/// <para>
/// The no-load latency is the smallest answer seen over the last <see cref="NoLoadWindow"/> (two rolling halves), so it
/// is re-measured continually: a processor whose delay rises for good (the official tests change it during a run) is
/// judged against its new floor within seconds.
/// </para>
/// <para>
/// Growth doubles per round (one more per good answer, at most doubling) until the first cut, then adds √limit per
/// round; a change of floor or a recovery allows doubling again. Growth needs the limit to be used (half of it in
/// flight during the round), so a quiet processor's limit does not creep up to the ceiling unexercised.
/// </para>
/// <para>
/// A processor that comes back from failing restarts at 1 and its limit may reach the ceiling only at the end of the
/// slow-start window, geometrically (it doubles every 1/8 of the window with the default ceiling of 256), as HAProxy's
/// <c>slowstart</c> ramps a server's weight: the backlog held during the outage is not thrown at it at once.
/// </para>
/// Not thread-safe: its <see cref="ProcessorMonitor"/> calls it under its lock.
/// </summary>
public sealed class ConcurrencyLimiter
{
    /// <summary>
    /// The limit before anything is known: the official peak (about 300 payments per second per instance) at up to 50 ms
    /// a payment. Starting at 4 held the first payments of a 400 ms processor back, which routed some of them through
    /// probes; the first round trips cut it soon enough if it is too many.
    /// </summary>
    public const int InitialLimit = 16;

    /// <summary>
    /// β unless configured: more attempts than this (× log10 limit, at least this) waiting and the limit is cut; fewer than
    /// half of it and it grows. A few waiting keep the processor busy without a gap between two requests; many waiting
    /// only add latency, and CPU contention for everyone else.
    /// </summary>
    public const double DefaultBeta = 6;

    /// <summary>The strongest cut for rising latency, and the cut for a timeout or a 5xx: halving, as TCP does on loss.</summary>
    public const double MaxCut = 0.5;

    /// <summary>How far back the no-load latency looks (the minimum of two halves of this).</summary>
    public static readonly TimeSpan NoLoadWindow = TimeSpan.FromSeconds(5);

    private readonly int _max;
    private readonly double _beta;
    private readonly TimeSpan _slowStart;
    private readonly TimeProvider _time;
    private readonly long _halfWindowTicks;
    private double _limit;
    private double _threshold;
    private long _roundStartedAt;
    private long _roundFirstOutcomeAt;
    private double _roundFastestMs = double.PositiveInfinity;
    private int _roundAnswers;
    private int _roundPeakInFlight;
    private long _slowStartAt;
    private bool _rampOn;
    private double _previousMin = double.PositiveInfinity;
    private double _currentMin = double.PositiveInfinity;
    private long _bucketStartedAt;

    /// <param name="max">The ceiling (at least 1).</param>
    /// <param name="slowStart">How long a recovered processor takes to be allowed the ceiling again; zero turns the ramp off.</param>
    /// <param name="time">The clock the attempts' timestamps come from.</param>
    /// <param name="beta">β: attempts that may wait before the limit is cut (× log10 limit); α is half of it.</param>
    /// <param name="initialLimit">The limit before the first answer.</param>
    public ConcurrencyLimiter(int max, TimeSpan slowStart, TimeProvider time, double beta = DefaultBeta, int initialLimit = InitialLimit)
    {
        ArgumentNullException.ThrowIfNull(time);
        _max = Math.Max(1, max);
        _beta = Math.Max(1, beta);
        _slowStart = slowStart;
        _time = time;
        _halfWindowTicks = (long)(NoLoadWindow.TotalSeconds / 2 * time.TimestampFrequency);
        _limit = Math.Clamp(initialLimit, 1, _max);
        _threshold = _max;
        _bucketStartedAt = time.GetTimestamp();
    }

    /// <summary>The ceiling this limiter never exceeds.</summary>
    public int Max => _max;

    /// <summary>The smallest answer in the window, in milliseconds; infinite before the first answer.</summary>
    public double NoLoadLatencyMs => Math.Min(_previousMin, _currentMin);

    /// <summary>Attempts that may run at once now: the learned limit, under the slow-start ramp while it lasts; at least 1.</summary>
    public int Limit => LimitAt(_time.GetTimestamp());

    /// <summary><see cref="Limit"/> at the local timestamp <paramref name="now"/>.</summary>
    public int LimitAt(long now) => Math.Max(1, (int)Math.Min(_limit, RampCap(now)));

    /// <summary>An attempt sent at <paramref name="startedAt"/> was answered (200 or 422) at <paramref name="now"/>, with <paramref name="inFlight"/> running, itself included.</summary>
    public void OnAnswer(long startedAt, long now, int inFlight)
    {
        var latencyMs = _time.GetElapsedTime(startedAt, now).TotalMilliseconds;
        NoteLatency(latencyMs, now);
        if (startedAt < _roundStartedAt)
        {
            return;
        }

        _roundFastestMs = Math.Min(_roundFastestMs, latencyMs);
        _roundAnswers++;
        _roundPeakInFlight = Math.Max(_roundPeakInFlight, inFlight);
        EndRoundIfDue(startedAt, now);
    }

    /// <summary>An attempt sent at <paramref name="startedAt"/> timed out or was answered 5xx/429 at <paramref name="now"/>.</summary>
    public void OnDrop(long startedAt, long now)
    {
        if (startedAt >= _roundStartedAt)
        {
            // Loss is news at once, as in TCP; the new round ignores the outcomes of attempts sent before the cut.
            Cut(MaxCut);
            StartRound(now);
        }
    }

    /// <summary>The processor stopped failing at <paramref name="now"/>: start again from 1, ramping up over the slow-start window.</summary>
    public void Recovered(long now)
    {
        _limit = 1;
        _threshold = _max;
        _slowStartAt = now;
        _rampOn = _slowStart > TimeSpan.Zero;
        StartRound(now);
    }

    /// <summary>The round ends with the first outcome of an attempt sent after its first outcome arrived: one round trip on.</summary>
    private void EndRoundIfDue(long startedAt, long now)
    {
        if (_roundFirstOutcomeAt == 0)
        {
            _roundFirstOutcomeAt = now;
            return;
        }

        if (startedAt < _roundFirstOutcomeAt)
        {
            return;
        }

        Decide();
        StartRound(now);
    }

    /// <summary>The round's verdict from the attempts its fastest answer says were waiting: cut, hold, or grow if the limit was used.</summary>
    private void Decide()
    {
        var queued = _roundFastestMs > 0 ? _limit * Math.Max(0, 1 - (NoLoadLatencyMs / _roundFastestMs)) : 0;
        var scale = Math.Max(1, Math.Log10(_limit));
        if (queued > _beta * scale)
        {
            Cut(Math.Max(MaxCut, _beta * scale / queued));
            return;
        }

        if (queued >= _beta / 2 * scale || _roundPeakInFlight * 2 < _limit)
        {
            return;
        }

        _limit += _limit < _threshold ? Math.Min(_roundAnswers, _limit) : Math.Sqrt(_limit);
        _limit = Math.Min(_limit, _max);
    }

    private void Cut(double factor)
    {
        _limit = Math.Max(1, _limit * factor);
        _threshold = _limit;
    }

    private void StartRound(long now)
    {
        _roundStartedAt = now;
        _roundFirstOutcomeAt = 0;
        _roundFastestMs = double.PositiveInfinity;
        _roundAnswers = 0;
        _roundPeakInFlight = 0;
    }

    /// <summary>
    /// The slow-start ceiling: 1 at the recovery, the configured ceiling at the end of the window, geometric in between
    /// (max^(elapsed/window)), so the first part of the window allows a handful and the last part most of it.
    /// </summary>
    private double RampCap(long now)
    {
        if (!_rampOn)
        {
            return _max;
        }

        var fraction = _time.GetElapsedTime(_slowStartAt, now) / _slowStart;
        return fraction >= 1 ? _max : Math.Pow(_max, Math.Max(0, fraction));
    }

    /// <summary>Keeps the windowed minimum; a floor that doubles as the old half expires allows fast growth again.</summary>
    private void NoteLatency(double latencyMs, long now)
    {
        var age = now - _bucketStartedAt;
        if (age >= _halfWindowTicks)
        {
            var before = NoLoadLatencyMs;
            _previousMin = age >= 2 * _halfWindowTicks ? double.PositiveInfinity : _currentMin;
            _currentMin = double.PositiveInfinity;
            _bucketStartedAt = now;
            if (Math.Min(_previousMin, latencyMs) > before * 2)
            {
                _threshold = _max;
            }
        }

        _currentMin = Math.Min(_currentMin, latencyMs);
    }
}
