using System.Text;
using PayRelay.Bench.Scenarios;

namespace PayRelay.Bench.Tests;

/// <summary>Faults and constant load in scenarios: the built-in experiments, the file format and its errors.</summary>
public class FaultScenarioTests
{
    [Fact]
    public void FaultsHealthy_IsIssue16sFirstExperiment()
    {
        var scenario = BuiltInScenarios.Find("faults-healthy")!;

        Assert.Equal((TimeSpan.FromSeconds(80), 150, true), (scenario.Duration, scenario.MaxUsers, scenario.ConstantUsers));
        Assert.Equal(["0s default 0ms / fallback 0ms"], scenario.Stages.Select(s => s.ToString()));
        Assert.Equal(
            ["15s kill -9 api1, restarted 10 s later", "45s SIGTERM api2, restarted 7 s later"],
            scenario.Faults.Select(f => f.ToString()));
    }

    [Fact]
    public void FaultsFailing_IsIssue16sSecondExperiment()
    {
        var scenario = BuiltInScenarios.Find("faults-failing")!;

        Assert.Equal((TimeSpan.FromSeconds(45), 100, true), (scenario.Duration, scenario.MaxUsers, scenario.ConstantUsers));
        Assert.Equal(["0s default 0ms+FAIL / fallback 0ms", "37s default 0ms / fallback 0ms"], scenario.Stages.Select(s => s.ToString()));
        Assert.Equal(
            ["14s kill -9 api1, restarted 15 s later", "18s SIGTERM api2, restarted 11 s later"],
            scenario.Faults.Select(f => f.ToString()));
        Assert.All(scenario.Faults, f => Assert.Equal(TimeSpan.FromSeconds(29), f.At + f.RestartAfter));
    }

    [Fact]
    public void Scaled_Half_MovesFaultsAndTheirHoldDowns()
    {
        var scaled = FaultScenarios.Healthy.Scaled(0.5);

        Assert.Equal([7.5, 22.5], scaled.Faults.Select(f => f.At.TotalSeconds));
        Assert.Equal([5.0, 3.5], scaled.Faults.Select(f => f.RestartAfter!.Value.TotalSeconds));
    }

    [Fact]
    public void UserStart_ConstantUsers_AllWithinTheFirstPause_SpreadEvenly()
    {
        var scenario = FaultScenarios.FailingDefault;

        var starts = Enumerable.Range(0, scenario.MaxUsers).Select(scenario.UserStart).ToList();

        Assert.Equal(TimeSpan.Zero, starts[0]);
        Assert.Equal(TimeSpan.FromMilliseconds(500), starts[50]);
        Assert.True(starts[^1] < scenario.UserPause);
        Assert.Equal(starts.Order(), starts);
    }

    [Fact]
    public void UserStart_Ramp_FollowsTheRampSchedule()
    {
        var preview = BuiltInScenarios.Preview;

        Assert.Equal(RampSchedule.StartOf(300, preview.MaxUsers, preview.Duration), preview.UserStart(300));
    }

    [Fact]
    public void ScenarioFile_FaultsAndConstantUsers_BuildTheScenario()
    {
        const string json = """
            { "durationSeconds": 80, "constantUsers": 150, "settleSeconds": 30,
              "faults": [ { "atSeconds": 45, "instance": "api2", "signal": "SIGTERM", "restartAfterSeconds": 7 },
                          { "atSeconds": 15, "instance": "api1", "signal": "KILL", "restartAfterSeconds": 10 },
                          { "atSeconds": 60, "instance": "processor-default", "signal": "term" } ] }
            """;

        var scenario = Parse(json);

        Assert.True(scenario.ConstantUsers);
        Assert.Equal(150, scenario.MaxUsers);
        Assert.Equal(TimeSpan.FromSeconds(30), scenario.SettleDeadline);
        Assert.Equal(
            [new Fault(TimeSpan.FromSeconds(15), "api1", Fault.Kill, TimeSpan.FromSeconds(10)),
             new Fault(TimeSpan.FromSeconds(45), "api2", Fault.Term, TimeSpan.FromSeconds(7)),
             new Fault(TimeSpan.FromSeconds(60), "processor-default", Fault.Term, null)],
            scenario.Faults);
    }

    [Fact]
    public void ScenarioFile_WithoutFaults_HasNoneAndRamps()
    {
        var scenario = Parse("{}");

        Assert.Empty(scenario.Faults);
        Assert.False(scenario.ConstantUsers);
        Assert.Equal(TimeSpan.FromSeconds(60), scenario.SettleDeadline);
    }

    [Theory]
    [InlineData("""{"faults": [{"instance": "api1", "signal": "KILL"}]}""", "faults[0].atSeconds is required")]
    [InlineData("""{"faults": [{"atSeconds": 1, "signal": "KILL"}]}""", "faults[0].instance is required")]
    [InlineData("""{"faults": [{"atSeconds": 1, "instance": "api1"}]}""", "faults[0].signal '' is neither TERM nor KILL")]
    [InlineData("""{"faults": [{"atSeconds": 1, "instance": "api1", "signal": "HUP"}]}""", "faults[0].signal 'HUP' is neither TERM nor KILL")]
    [InlineData("""{"durationSeconds": 30, "faults": [{"atSeconds": 1, "instance": "a", "signal": "KILL"}, {"atSeconds": 30, "instance": "api1", "signal": "KILL"}]}""", "faults[1].atSeconds (30) is not before the end of the load (durationSeconds 30)")]
    [InlineData("""{"faults": [{"atSeconds": 1, "instance": "api1", "signal": "KILL", "restartAfterSeconds": -2}]}""", "faults[0].restartAfterSeconds must be zero or more seconds")]
    [InlineData("""{"faults": [{"atSeconds": 1, "instance": "api1", "signal": "KILL", "restartAfter": 2}]}""", "restartAfter")]
    [InlineData("""{"maxUsers": 10, "constantUsers": 10}""", "give maxUsers (a ramp from 1) or constantUsers")]
    [InlineData("""{"constantUsers": 0}""", "constantUsers must be at least 1")]
    [InlineData("""{"settleSeconds": -1}""", "settleSeconds must be zero or more seconds")]
    public void ScenarioFile_BadFault_NamesTheField(string json, string error)
    {
        var thrown = Assert.Throws<FormatException>(() => Parse(json));

        Assert.Contains(error, thrown.Message, StringComparison.Ordinal);
    }

    private static Scenario Parse(string json) => ScenarioFile.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "file");
}
