namespace PayRelay.Server.Dispatch;

/// <summary>How the router sees one processor at one instant.</summary>
/// <param name="Failing">Recent calls failed (or the health poll says so and no call has succeeded since).</param>
/// <param name="ExpectedLatencyMs">The latency a new payment should expect, from calls, calls still running and the health poll.</param>
/// <param name="InFlight">Attempts running now on this instance.</param>
/// <param name="HasCapacity">Another attempt fits under the per-processor concurrency bound.</param>
/// <param name="ProbeDue">A probe may be sent now: none is running and the probe interval has passed.</param>
/// <param name="Suspect">An attempt has been running several times longer than this processor usually answers.</param>
/// <param name="HealthAgeMs">How long ago the latest health poll result arrived; <see cref="long.MaxValue"/> when none has.</param>
public readonly record struct ProcessorView(
    bool Failing,
    long ExpectedLatencyMs,
    int InFlight,
    bool HasCapacity,
    bool ProbeDue,
    bool Suspect = false,
    long HealthAgeMs = long.MaxValue)
{
    public ProcessorState State(long safeLatencyMs) =>
        Failing ? ProcessorState.Failing
        : ExpectedLatencyMs >= safeLatencyMs ? ProcessorState.Slow
        : Suspect ? ProcessorState.Suspect
        : ProcessorState.Healthy;
}

/// <summary>The state a processor is in for routing and for the state-change log.</summary>
public enum ProcessorState
{
    Healthy,

    /// <summary>
    /// Answers are overdue: no new payment goes there until they show whether it is merely slower (and still safe) or
    /// slow. A processor's delay can jump from milliseconds to seconds at once; every payment sent after the jump takes
    /// that long, and one that outlasts the auditor's margin can be stored in the instant between the summaries of one
    /// check. Noticing within a fraction of a second keeps such payments to a handful.
    /// </summary>
    Suspect,
    Slow,
    Failing,
}
