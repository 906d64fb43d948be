using PayRelay.Bench.Http;
using PayRelay.Bench.Run;
using PayRelay.Bench.Scenarios;
using PayRelay.Bench.Scoring;

namespace PayRelay.Bench.Tests.Support;

/// <summary>A made-up run of the 15-second preview, with every kind of data the report draws.</summary>
public static class SyntheticOutcome
{
    public static BenchOutcome Create()
    {
        var scenario = BuiltInScenarios.Preview.Scaled(0.25);
        var samples = new List<RequestSample>();
        for (var second = 0; second < 15; second++)
        {
            for (var i = 0; i < 20 + (second * 10); i++)
            {
                var status = (short)(i % 50 == 49 ? 0 : i % 40 == 39 ? 500 : 202);
                samples.Add(new RequestSample(TimeSpan.FromSeconds(second + (i / 1000.0)), TimeSpan.FromMilliseconds(1 + (i % 7 * 0.5) + (second == 5 ? 30 : 0)), status, RequestKind.Payment));
            }
        }

        var input = new ScoreInput
        {
            SucceededPayments = samples.Count(s => s.Status == 202),
            FailedPayments = samples.Count(s => s.Status != 202),
            Default = new ProcessorTotals(1200, 1200 * 19.9m),
            Fallback = new ProcessorTotals(300, 300 * 19.9m),
            DefaultFeeRate = 0.05m,
            FallbackFeeRate = 0.15m,
            P99Milliseconds = 4.2,
            Inconsistencies = 2,
            MaxUsers = 550,
        };
        var score = Scorer.Compute(input);
        var start = new DateTimeOffset(2025, 7, 15, 12, 0, 0, TimeSpan.Zero);
        return new BenchOutcome
        {
            Settings = new BenchSettings { Scenario = scenario, TimeScale = 0.25 },
            StartedAt = start,
            Input = input,
            Score = score,
            Results = OfficialResults.From(input, score, "synthetic", start),
            Samples = [.. samples],
            Checks =
            [
                new CheckRecord(TimeSpan.Zero, start.AddSeconds(-15), start.AddSeconds(-1.5), new SummaryPart(0, 0), new SummaryPart(0, 0), 0, 0, true),
                new CheckRecord(TimeSpan.FromSeconds(2.5), start.AddSeconds(-12.5), start.AddSeconds(1), new SummaryPart(40, 796), new SummaryPart(0, 0), 38, 0, true),
            ],
            Stages = scenario.Stages.Select(s => new AppliedStage(s, s.At + TimeSpan.FromMilliseconds(20))).ToList(),
            Status = Enumerable.Range(0, 15).SelectMany(s => new[]
            {
                // api1: 0.3 cores; default 100 started and 90 confirmed a second, limit 10 + s; fallback 10 and 10, limit 4.
                new StatusPoint(TimeSpan.FromSeconds(s), "api1", s * 20 % 130, 10)
                {
                    Round = s + 1,
                    CpuMilliseconds = 1000 + (s * 300),
                    Default = new ProcessorStatusSnapshot(5, 10 + s, s * 100, s * 90),
                    Fallback = new ProcessorStatusSnapshot(1, 4, s * 10, s * 10),
                },
                new StatusPoint(TimeSpan.FromSeconds(s) + TimeSpan.FromMilliseconds(3), "api2", s * 15 % 90, 8)
                {
                    Round = s + 1,
                    CpuMilliseconds = 500 + (s * 200),
                    Default = new ProcessorStatusSnapshot(3, 8, s * 50, s * 50),
                    Fallback = new ProcessorStatusSnapshot(0, 4, 0, 0),
                },
            }).ToList(),
            ProcessorSeconds = Enumerable.Range(0, 16).Select(s => new ProcessorSecond(s, s < 5 ? 50 + (s * 20) : 10, s is >= 5 and < 8 ? 80 : 0)).ToList(),
            GeneratorCpu = new CpuUse(TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(16), samples.Count) { Ballast = TimeSpan.FromSeconds(0.5) },
            TimedOutPayments = samples.Count(s => s.Status == 0),
            Unanswered = new UnansweredCharges(samples.Count(s => s.Status == 0), 3, 1, 0, 0),
            BackendCpu = new BackendCpu(TimeSpan.FromSeconds(7), 2, 1750),
            ConnectionsOpened = 560,
            UsersStarted = 549,
            Warnings = ["a <warning> to show"],
        };
    }
}
