using System.Text;
using PayRelay.Bench.Scenarios;

namespace PayRelay.Bench.Tests;

public class ScenarioTests
{
    [Fact]
    public void Preview_MatchesTheOfficialTimeline()
    {
        var preview = BuiltInScenarios.Preview;

        Assert.Equal(TimeSpan.FromSeconds(60), preview.Duration);
        Assert.Equal(550, preview.MaxUsers);
        Assert.Equal(19.90m, preview.Amount);
        Assert.Equal(MoneySource.BackendSummary, preview.MoneySource);
        Assert.Equal(TimeSpan.FromSeconds(70), preview.TeardownWindow);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), preview.ConsistencyMargin);
        Assert.Equal(TimeSpan.FromSeconds(15), preview.ConsistencyLookback);
        Assert.Equal(TimeSpan.FromSeconds(10), preview.ConsistencyInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), preview.RequestTimeout);
        Assert.Equal(
            ["1s default 0ms / fallback 0ms", "10s default 100ms / fallback 0ms", "20s default 100ms+FAIL / fallback 0ms",
             "30s default 2000ms+FAIL / fallback 1000ms+FAIL", "40s default 20ms / fallback 20ms", "50s default 0ms / fallback 5000ms"],
            preview.Stages.Select(s => s.ToString()));
    }

    [Fact]
    public void Final_MatchesTheOfficialTimeline()
    {
        var final = BuiltInScenarios.Final;

        Assert.Equal(TimeSpan.FromSeconds(300), final.Duration);
        Assert.Equal(603, final.MaxUsers);
        Assert.Equal(20.05m, final.Amount);
        Assert.Equal((0.07m, 0.10m), (final.DefaultFee, final.FallbackFee));
        Assert.Equal(MoneySource.ProcessorSummaries, final.MoneySource);
        Assert.Equal(TimeSpan.FromSeconds(360), final.TeardownWindow);
        Assert.Equal(TimeSpan.FromSeconds(2), final.ConsistencyMargin);
        Assert.Equal(
            ["1s default 0ms / fallback 0ms", "30s default 1000ms / fallback 0ms", "60s default 500ms / fallback 0ms",
             "90s default 2000ms+FAIL / fallback 1000ms", "120s default 5000ms+FAIL / fallback 5ms", "150s default 0ms / fallback 5ms+FAIL",
             "180s default 100ms / fallback 5ms", "210s default 50ms / fallback 0ms", "240s default 103ms / fallback 10ms", "270s default 2000ms / fallback 0ms"],
            final.Stages.Select(s => s.ToString()));
    }

    [Fact]
    public void Mixed_HasTheFinalsLoadAndFeesAndEveryFailureShapeThenTimeToDrain()
    {
        var mixed = BuiltInScenarios.Mixed;

        Assert.InRange(mixed.Duration.TotalSeconds, 120, 180);
        Assert.Equal(BuiltInScenarios.Final.MaxUsers, mixed.MaxUsers);
        Assert.Equal(BuiltInScenarios.Final.Amount, mixed.Amount);
        Assert.Equal((0.07m, 0.10m), (mixed.DefaultFee, mixed.FallbackFee));
        Assert.Equal(MoneySource.ProcessorSummaries, mixed.MoneySource);
        Assert.True(mixed.TeardownWindow >= mixed.Duration, "the money counted covers the whole run");
        Assert.Equal(TimeSpan.FromSeconds(2), mixed.ConsistencyMargin);

        var stages = mixed.Stages.ToList();
        Assert.Equal(stages.OrderBy(s => s.At), stages);

        // Flapping: the default fails and recovers at least three times, a few seconds apart, while the fallback is healthy.
        var flaps = stages.Zip(stages.Skip(1)).Where(p => p.First.Default.Failing && !p.Second.Default.Failing && !p.First.Fallback.Failing).ToList();
        Assert.True(flaps.Count >= 3, $"{flaps.Count} flaps");
        Assert.All(flaps, p => Assert.InRange((p.Second.At - p.First.At).TotalSeconds, 2, 6));

        // Both slow (neither failing, both delayed), then both failing, then both healthy.
        var bothSlow = stages.FindIndex(s => s.Default is { Failing: false, DelayMilliseconds: > 0 } && s.Fallback is { Failing: false, DelayMilliseconds: > 0 });
        var bothFailing = stages.FindIndex(s => s.Default.Failing && s.Fallback.Failing);
        Assert.True(bothSlow > 0 && bothFailing > bothSlow, "both slow, then both failing");
        var recovery = stages[^1];
        Assert.Equal(new ProcessorStage(0, false), recovery.Default);
        Assert.Equal(new ProcessorStage(0, false), recovery.Fallback);
        Assert.True(stages[bothFailing].At < recovery.At);

        // The backlog of the outage has time to be confirmed before the end.
        Assert.True(mixed.Duration - recovery.At >= TimeSpan.FromSeconds(40), $"recovery at {recovery.At}");
    }

    [Fact]
    public void Scaled_Quarter_CompressesTimelineButNotTheRaceConditions()
    {
        var scaled = BuiltInScenarios.Preview.Scaled(0.25);

        Assert.Equal(TimeSpan.FromSeconds(15), scaled.Duration);
        Assert.Equal(TimeSpan.FromSeconds(2.5), scaled.ConsistencyInterval);
        Assert.Equal([0.25, 2.5, 5, 7.5, 10, 12.5], scaled.Stages.Select(s => s.At.TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(1), scaled.UserPause);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), scaled.RequestTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), scaled.ConsistencyMargin);
        Assert.Equal(TimeSpan.FromSeconds(15), scaled.ConsistencyLookback);
        Assert.Equal(2000, scaled.Stages[3].Default.DelayMilliseconds);
        Assert.Equal(550, scaled.MaxUsers);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void Scaled_NotPositive_Throws(double scale)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BuiltInScenarios.Preview.Scaled(scale));
    }

    [Fact]
    public void RampSchedule_RampsLinearlyFromOneToTheMaximum()
    {
        var duration = TimeSpan.FromSeconds(60);

        Assert.Equal(TimeSpan.Zero, RampSchedule.StartOf(0, 550, duration));
        Assert.Equal(TimeSpan.FromTicks((duration.Ticks + 548) / 549), RampSchedule.StartOf(1, 550, duration));
        Assert.Equal(duration, RampSchedule.StartOf(549, 550, duration));
        Assert.Equal(1, RampSchedule.ActiveAt(TimeSpan.Zero, 550, duration));
        Assert.Equal(275, RampSchedule.ActiveAt(TimeSpan.FromSeconds(30), 550, duration));
        Assert.Equal(550, RampSchedule.ActiveAt(duration, 550, duration));
    }

    [Fact]
    public void RampSchedule_StartsAndActiveCount_Agree()
    {
        var duration = TimeSpan.FromSeconds(7);
        for (var i = 0; i < 40; i++)
        {
            var start = RampSchedule.StartOf(i, 40, duration);
            Assert.True(RampSchedule.ActiveAt(start, 40, duration) >= i + 1, $"user {i} starts at {start} but is not counted active");
        }
    }

    [Fact]
    public void ScenarioFile_FullDocument_BuildsTheScenario()
    {
        const string json = """
            {
              // comments and trailing commas are fine
              "name": "spike",
              "durationSeconds": 20,
              "maxUsers": 100,
              "amount": 10.5,
              "fees": { "default": 0.02, "fallback": 0.2 },
              "moneySource": "processors",
              "teardownWindowSeconds": 30,
              "consistency": { "intervalSeconds": 2, "lookbackSeconds": 5, "marginMilliseconds": 300 },
              "stages": [
                { "atSeconds": 10, "default": { "delay": 500, "failure": true } },
                { "atSeconds": 1, "fallback": { "delay": 5 } },
              ]
            }
            """;

        var scenario = ScenarioFile.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "ignored");

        Assert.Equal("spike", scenario.Name);
        Assert.Equal(TimeSpan.FromSeconds(20), scenario.Duration);
        Assert.Equal(100, scenario.MaxUsers);
        Assert.Equal(10.5m, scenario.Amount);
        Assert.Equal((0.02m, 0.2m), (scenario.DefaultFee, scenario.FallbackFee));
        Assert.Equal(MoneySource.ProcessorSummaries, scenario.MoneySource);
        Assert.Equal(TimeSpan.FromSeconds(30), scenario.TeardownWindow);
        Assert.Equal(TimeSpan.FromSeconds(2), scenario.ConsistencyInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), scenario.ConsistencyLookback);
        Assert.Equal(TimeSpan.FromMilliseconds(300), scenario.ConsistencyMargin);
        Assert.Equal(["1s default 0ms / fallback 5ms", "10s default 500ms+FAIL / fallback 0ms"], scenario.Stages.Select(s => s.ToString()));
    }

    [Fact]
    public void ScenarioFile_EmptyObject_TakesThePreviewsValues()
    {
        var scenario = ScenarioFile.Parse(new MemoryStream("{}"u8.ToArray()), "mine");

        Assert.Equal("mine", scenario.Name);
        Assert.Equal(BuiltInScenarios.Preview.Duration, scenario.Duration);
        Assert.Equal(BuiltInScenarios.Preview.MaxUsers, scenario.MaxUsers);
        Assert.Equal(MoneySource.BackendSummary, scenario.MoneySource);
        Assert.Empty(scenario.Stages);
    }

    [Theory]
    [InlineData("{\"maxUsers\": 0}")]
    [InlineData("{\"amount\": -1}")]
    [InlineData("{\"durationSeconds\": -5}")]
    [InlineData("{\"moneySource\": \"magic\"}")]
    [InlineData("{\"stages\": [{\"atSeconds\": 1, \"default\": {\"delay\": -3}}]}")]
    [InlineData("{\"maxUsrs\": 10}")]
    [InlineData("not json")]
    public void ScenarioFile_Invalid_ThrowsFormatException(string json)
    {
        Assert.Throws<FormatException>(() => ScenarioFile.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "x"));
    }
}
