using PayRelay.Bench.Http;
using PayRelay.Bench.Report;
using PayRelay.Bench.Run;

namespace PayRelay.Bench.Tests;

public sealed class StatusSeriesTests
{
    [Fact]
    public void Rate_TwoInstances_SumsEachOnesIncreasePerSecondInEachRound()
    {
        IReadOnlyList<StatusPoint> points =
        [
            Point(1, 0.0, "api1", started: 0), Point(1, 0.01, "api2", started: 1000),
            Point(2, 1.0, "api1", started: 100), Point(2, 1.01, "api2", started: 1050),
            Point(3, 3.0, "api1", started: 300), Point(3, 3.01, "api2", started: 1150),
        ];

        var rate = StatusSeries.Rate(points, p => p.Default?.Started);

        // Round 2: 100/s + 50/s; round 3: 200 over 2 s + 100 over 2 s.
        Assert.Equal([(1.0, 150.0), (3.0, 150.0)], rate.Select(p => (p.X, Math.Round(p.Y, 3))));
    }

    [Fact]
    public void Rate_CounterThatWentDown_CountsFromZeroAsARestartedInstance()
    {
        IReadOnlyList<StatusPoint> points = [Point(1, 0, "api1", started: 500), Point(2, 1, "api1", started: 40)];

        var rate = StatusSeries.Rate(points, p => p.Default?.Started);

        Assert.Equal(40, Assert.Single(rate).Y, 6);
    }

    [Fact]
    public void Sum_Gauge_AddsTheInstancesOfARoundAndSkipsRoundsWithoutTheField()
    {
        IReadOnlyList<StatusPoint> points =
        [
            Point(1, 0, "api1", limit: 10), Point(1, 0.01, "api2", limit: 6),
            new StatusPoint(TimeSpan.FromSeconds(1), "api1", 0, 0) { Round = 2 },
        ];

        Assert.Equal([(0.0, 16.0)], StatusSeries.Sum(points, p => p.Default?.Limit));
        Assert.Empty(StatusSeries.Sum(points, p => p.Fallback?.Limit));
    }

    [Fact]
    public void BackendCpu_From_SumsEachInstancesCpuOverTheRunAndIsNullWithoutIt()
    {
        IReadOnlyList<StatusPoint> points =
        [
            Point(1, 0, "api1", cpu: 1000), Point(1, 0.01, "api2", cpu: 200),
            Point(2, 1, "api1", cpu: 1700), Point(2, 1.01, "api2", cpu: 500),
        ];

        var cpu = BackendCpu.From(points, requests: 1000);

        Assert.NotNull(cpu);
        Assert.Equal(TimeSpan.FromMilliseconds(1000), cpu.Value.Cpu);
        Assert.Equal(2, cpu.Value.Instances);
        Assert.Equal(1000, cpu.Value.MicrosecondsPerRequest, 6);
        Assert.Null(BackendCpu.From([new StatusPoint(TimeSpan.Zero, "api1", 0, 0)], 1000));
    }

    private static StatusPoint Point(int round, double seconds, string instance, long? started = null, long? limit = null, long? cpu = null) =>
        new(TimeSpan.FromSeconds(seconds), instance, 0, 0)
        {
            Round = round,
            CpuMilliseconds = cpu,
            Default = started is null && limit is null ? null : new ProcessorStatusSnapshot(null, limit, started, null),
        };
}
