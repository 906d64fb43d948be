using PayRelay.Bench.Scoring;

namespace PayRelay.Bench.Run;

/// <summary>Payments the processors confirmed in one second of the run, by the requestedAt the backend sent.</summary>
public sealed record ProcessorSecond(int Second, long Default, long Fallback);

/// <summary>Everything a run measured, for the results file, the terminal table and the report.</summary>
public sealed record BenchOutcome
{
    public required BenchSettings Settings { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required ScoreInput Input { get; init; }

    public required Score Score { get; init; }

    public required OfficialResults Results { get; init; }

    public required RequestSample[] Samples { get; init; }

    public required IReadOnlyList<CheckRecord> Checks { get; init; }

    public required IReadOnlyList<AppliedStage> Stages { get; init; }

    public required IReadOnlyList<StatusPoint> Status { get; init; }

    public required IReadOnlyList<ProcessorSecond> ProcessorSeconds { get; init; }

    public required CpuUse GeneratorCpu { get; init; }

    public required long TimedOutPayments { get; init; }

    /// <summary>The payments whose POST got no answer, looked up on the processors at teardown.</summary>
    public UnansweredCharges Unanswered { get; init; } = UnansweredCharges.None;

    /// <summary>The backend's CPU over the run from <c>GET /status</c>; null when it does not report it.</summary>
    public BackendCpu? BackendCpu { get; init; }

    /// <summary>Connections opened to the backend for the payments (per user, or the shared pool's).</summary>
    public long ConnectionsOpened { get; init; }

    /// <summary>Payment users that started before the duration ended.</summary>
    public int UsersStarted { get; init; }

    /// <summary>Things the user should know about the run (fees differing from the scenario, summaries that failed).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>The scenario's faults as carried out.</summary>
    public IReadOnlyList<AppliedFault> Faults { get; init; } = [];

    /// <summary>What happened to the stack's services during the run (signals, exits, restarts), from <c>up</c>.</summary>
    public IReadOnlyList<StackEvent> StackEvents { get; init; } = [];

    /// <summary>Every payment looked up on the processors after a fault run (or <c>--check</c>); null otherwise.</summary>
    public ChargeCheck? Charges { get; init; }
}
