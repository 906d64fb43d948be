using System.Text.Json.Serialization;
using PayRelay.Bench.Run;

namespace PayRelay.Bench.Report;

/// <summary>
/// run.json: what the official results file has no key for: settings, latency figures, the generator's and the
/// backend's CPU per request, the connections, and the timed-out POSTs the processors charged anyway.
/// </summary>
public sealed record RunDetails
{
    public required string Scenario { get; init; }
    public required double TimeScale { get; init; }
    public required string Backend { get; init; }
    public required string DefaultProcessor { get; init; }
    public required string FallbackProcessor { get; init; }
    public required string StartedAt { get; init; }
    public required double DurationSeconds { get; init; }
    public required int MaxUsers { get; init; }
    public required long Requests { get; init; }
    public required double P99UnroundedMs { get; init; }
    public required double PaymentP50Ms { get; init; }
    public required double PaymentP99Ms { get; init; }
    public required double PaymentMaxMs { get; init; }
    public required long TimedOutPayments { get; init; }
    public required int ConsistencyChecks { get; init; }
    public required double GeneratorCpuSeconds { get; init; }
    public required double GeneratorWallSeconds { get; init; }
    public required double GeneratorCoresUsed { get; init; }
    public required double GeneratorMicrosecondsPerRequest { get; init; }
    public required double GeneratorOwnMicrosecondsPerRequest { get; init; }
    public required double GeneratorTargetMicrosecondsPerRequest { get; init; }
    public required double GeneratorBallastSeconds { get; init; }
    public double? BackendCpuSeconds { get; init; }
    public double? BackendMicrosecondsPerRequest { get; init; }
    public int BackendInstancesReportingCpu { get; init; }
    public required string Connections { get; init; }
    public required long ConnectionsOpened { get; init; }
    public required int UsersStarted { get; init; }
    public required long TimedOutCharged { get; init; }
    public required long TimedOutChargedByDefault { get; init; }
    public required long TimedOutChargedByFallback { get; init; }
    public required long TimedOutChargedByBoth { get; init; }
    public required long TimedOutNotLookedUp { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>The faults carried out (fault runs only).</summary>
    public IReadOnlyList<FaultDetail>? Faults { get; init; }

    /// <summary>What happened to the stack's services (fault runs only).</summary>
    public IReadOnlyList<StackEventDetail>? StackEvents { get; init; }

    /// <summary>Every payment looked up on the processors (fault runs and --check only).</summary>
    public ChargeCheckDetail? ChargeCheck { get; init; }

    public static RunDetails From(BenchOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var s = outcome.Settings;
        var payments = outcome.Samples.Where(x => x.Kind == RequestKind.Payment && x.IsExpected).Select(x => x.Duration.TotalMilliseconds).ToArray();
        Array.Sort(payments);
        return new RunDetails
        {
            Scenario = s.Scenario.Name,
            TimeScale = s.TimeScale,
            Backend = s.Backend.ToString(),
            DefaultProcessor = s.DefaultProcessor.ToString(),
            FallbackProcessor = s.FallbackProcessor.ToString(),
            StartedAt = TestClient.IsoUtc(outcome.StartedAt),
            DurationSeconds = s.Scenario.Duration.TotalSeconds,
            MaxUsers = s.Scenario.MaxUsers,
            Requests = outcome.Samples.Length,
            P99UnroundedMs = outcome.Input.P99Milliseconds,
            PaymentP50Ms = Scoring.Percentile.OfSorted(payments, 0.5),
            PaymentP99Ms = Scoring.Percentile.OfSorted(payments, 0.99),
            PaymentMaxMs = payments.Length > 0 ? payments[^1] : 0,
            TimedOutPayments = outcome.TimedOutPayments,
            ConsistencyChecks = outcome.Checks.Count,
            GeneratorCpuSeconds = outcome.GeneratorCpu.Cpu.TotalSeconds,
            GeneratorWallSeconds = outcome.GeneratorCpu.Wall.TotalSeconds,
            GeneratorCoresUsed = outcome.GeneratorCpu.CoresUsed,
            GeneratorMicrosecondsPerRequest = outcome.GeneratorCpu.MicrosecondsPerRequest,
            GeneratorOwnMicrosecondsPerRequest = outcome.GeneratorCpu.OwnMicrosecondsPerRequest,
            GeneratorTargetMicrosecondsPerRequest = s.GeneratorCpuPerRequest.TotalMicroseconds,
            GeneratorBallastSeconds = outcome.GeneratorCpu.Ballast.TotalSeconds,
            BackendCpuSeconds = outcome.BackendCpu?.Cpu.TotalSeconds,
            BackendMicrosecondsPerRequest = outcome.BackendCpu?.MicrosecondsPerRequest,
            BackendInstancesReportingCpu = outcome.BackendCpu?.Instances ?? 0,
            Connections = s.Connections == ConnectionMode.PerUser ? "per-user" : "pooled",
            ConnectionsOpened = outcome.ConnectionsOpened,
            UsersStarted = outcome.UsersStarted,
            TimedOutCharged = outcome.Unanswered.Charged,
            TimedOutChargedByDefault = outcome.Unanswered.ByDefault,
            TimedOutChargedByFallback = outcome.Unanswered.ByFallback,
            TimedOutChargedByBoth = outcome.Unanswered.ByBoth,
            TimedOutNotLookedUp = outcome.Unanswered.Unresolved,
            Warnings = outcome.Warnings,
            Faults = FaultDetails.Faults(outcome),
            StackEvents = FaultDetails.Events(outcome),
            ChargeCheck = outcome.Charges is { } charges ? ChargeCheckDetail.From(charges) : null,
        };
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunDetails))]
internal sealed partial class RunDetailsJsonContext : JsonSerializerContext;
