namespace PayRelay.Bench.Run;

/// <summary>Latency percentiles of one steady run, in milliseconds, its requests, and what the load generator itself spent meanwhile.</summary>
public sealed record SteadyResult(
    int Sent,
    int Accepted,
    IReadOnlyDictionary<int, int> Statuses,
    double P50,
    double P99,
    double P999,
    double Max,
    TimeSpan Elapsed,
    IReadOnlyList<SteadySample> Samples,
    GcCounts LoadGeneratorGcs,
    CpuUse LoadGeneratorCpu);

/// <summary>One request: when it left (ms after the run's start), how long its answer took (ms) and its status (0: no answer).</summary>
public readonly record struct SteadySample(double StartMs, double LatencyMs, int Status);

/// <summary>Collections per generation in this process over a stretch of time.</summary>
public readonly record struct GcCounts(int Gen0, int Gen1, int Gen2)
{
    public static GcCounts Now => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

    public static GcCounts operator -(GcCounts after, GcCounts before) =>
        new(after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2);
}
