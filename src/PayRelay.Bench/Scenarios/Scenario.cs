namespace PayRelay.Bench.Scenarios;

/// <summary>Where the money counted at the end of a run comes from (spec §3).</summary>
public enum MoneySource
{
    /// <summary>The backend's own summary over the teardown window (the preview test).</summary>
    BackendSummary,

    /// <summary>The processors' admin summaries over the teardown window (the final test).</summary>
    ProcessorSummaries,
}

/// <summary>The delay and failure flag one processor is set to at a stage.</summary>
public sealed record ProcessorStage(int DelayMilliseconds, bool Failing)
{
    public override string ToString() => Failing ? $"{DelayMilliseconds}ms+FAIL" : $"{DelayMilliseconds}ms";
}

/// <summary>A point of the timeline where both processors are reconfigured.</summary>
public sealed record Stage(TimeSpan At, ProcessorStage Default, ProcessorStage Fallback)
{
    public override string ToString() => $"{At.TotalSeconds:0.##}s default {Default} / fallback {Fallback}";
}

/// <summary>One load test: the load shape, the processors' timeline, the checks and how money is counted.</summary>
public sealed record Scenario
{
    public required string Name { get; init; }

    /// <summary>How long virtual users are ramped and payments are sent.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Users ramp linearly from 1 to this number over <see cref="Duration"/>.</summary>
    public required int MaxUsers { get; init; }

    /// <summary>The fixed amount of every payment.</summary>
    public required decimal Amount { get; init; }

    /// <summary>The fees the processors are expected to charge; the score uses the fee they report.</summary>
    public required decimal DefaultFee { get; init; }

    public required decimal FallbackFee { get; init; }

    public required IReadOnlyList<Stage> Stages { get; init; }

    public required MoneySource MoneySource { get; init; }

    /// <summary>The summaries at teardown cover <c>[now - window, now]</c>.</summary>
    public required TimeSpan TeardownWindow { get; init; }

    /// <summary>The consistency window ends this long before the check (1.5 s preview, 2 s final).</summary>
    public required TimeSpan ConsistencyMargin { get; init; }

    public TimeSpan ConsistencyInterval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ConsistencyLookback { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Each user sleeps this long after each payment.</summary>
    public TimeSpan UserPause { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The client timeout of every request of the test.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>The official file name of the results (partial-results.json for the preview).</summary>
    public string ResultsFileName { get; init; } = "results.json";

    /// <summary>
    /// All <see cref="MaxUsers"/> users from the start (spread over the first pause, so they do not post in one burst)
    /// instead of a ramp: a constant load of about <see cref="MaxUsers"/> payments a second.
    /// </summary>
    public bool ConstantUsers { get; init; }

    /// <summary>Services of the stack killed on the timeline, through <c>up</c>'s control channel.</summary>
    public IReadOnlyList<Fault> Faults { get; init; } = [];

    /// <summary>How long the charge check after a fault run waits at most for the backend to finish its backlog.</summary>
    public TimeSpan SettleDeadline { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>When user <paramref name="index"/> (0-based) starts: on the ramp, or spread over the first pause when constant.</summary>
    public TimeSpan UserStart(int index) => ConstantUsers
        ? TimeSpan.FromTicks(UserPause.Ticks * index / MaxUsers)
        : RampSchedule.StartOf(index, MaxUsers, Duration);

    /// <summary>
    /// Compresses the timeline: duration, stage and fault times, hold-downs and the interval between consistency checks
    /// scale; the pause between payments, the timeout, the processors' delays and the summary windows
    /// do not, so the peak rate and every race the official test has stay the same.
    /// </summary>
    public Scenario Scaled(double timeScale)
    {
        if (!(timeScale > 0) || double.IsInfinity(timeScale))
        {
            throw new ArgumentOutOfRangeException(nameof(timeScale), timeScale, "the time scale must be a positive number");
        }

        if (timeScale == 1)
        {
            return this;
        }

        var stages = new Stage[Stages.Count];
        for (var i = 0; i < stages.Length; i++)
        {
            stages[i] = Stages[i] with { At = Stages[i].At * timeScale };
        }

        var faults = new Fault[Faults.Count];
        for (var i = 0; i < faults.Length; i++)
        {
            faults[i] = Faults[i] with { At = Faults[i].At * timeScale, RestartAfter = Faults[i].RestartAfter * timeScale };
        }

        return this with
        {
            Duration = Duration * timeScale,
            Stages = stages,
            Faults = faults,
            ConsistencyInterval = ConsistencyInterval * timeScale,
        };
    }
}
