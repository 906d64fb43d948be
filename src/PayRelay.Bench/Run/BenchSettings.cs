using PayRelay.Bench.Http;
using PayRelay.Bench.Scenarios;
using PayRelay.Bench.Up;

namespace PayRelay.Bench.Run;

/// <summary>What to run and against what.</summary>
public sealed record BenchSettings
{
    /// <summary>k6's CPU per request, measured here: 28 CPU-seconds over a 120 s run of 36,000 requests.</summary>
    public static readonly TimeSpan K6CpuPerRequest = TimeSpan.FromMicroseconds(790);

    /// <summary>The scenario, already time-scaled.</summary>
    public required Scenario Scenario { get; init; }

    public double TimeScale { get; init; } = 1;

    public ServiceEndpoint Backend { get; init; } = ServiceEndpoint.Parse("http://127.0.0.1:9999");

    public ServiceEndpoint DefaultProcessor { get; init; } = ServiceEndpoint.Parse("http://127.0.0.1:8001");

    public ServiceEndpoint FallbackProcessor { get; init; } = ServiceEndpoint.Parse("http://127.0.0.1:8002");

    /// <summary>The admin token the processors are set to and called with (the official default is 123).</summary>
    public string Token { get; init; } = TestClient.InitialToken;

    public string Participant { get; init; } = "anonymous";

    /// <summary>Where <c>GET /status</c> is read for the queue chart; empty means the backend's address.</summary>
    public IReadOnlyList<ServiceEndpoint> StatusEndpoints { get; init; } = [];

    /// <summary>Each user with its own connection, as k6 (the default), or all users sharing a pool.</summary>
    public ConnectionMode Connections { get; init; } = ConnectionMode.PerUser;

    /// <summary>
    /// What the load generator as a whole spends per request, a ballast thread burning the difference from its own
    /// cost (<see cref="CpuBallast"/>); zero spends only its own. k6's measured cost by default.
    /// </summary>
    public TimeSpan GeneratorCpuPerRequest { get; init; } = K6CpuPerRequest;

    /// <summary>Reads the processors' per-second summaries after the run for the report.</summary>
    public bool CollectProcessorTimeline { get; init; } = true;

    /// <summary>Where the progress and warnings go while the run lasts; null keeps quiet.</summary>
    public TextWriter? Console { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary><c>up</c>'s control channel, which carries out the scenario's faults; null when there is none.</summary>
    public IStackControl? Control { get; init; }

    /// <summary>Look every payment up on the processors after the run even without faults.</summary>
    public bool CheckCharges { get; init; }
}
