using PayRelay.Bench.Report;
using PayRelay.Bench.Run;
using PayRelay.Bench.Scenarios;
using PayRelay.Bench.Tests.Support;

namespace PayRelay.Bench.Tests;

/// <summary>
/// One <c>up</c> stack (emulators, two real server instances, HAProxy) shared by the scenario runs. These runs check
/// that the money adds up, not how fast: the emulators' cost model and the generator's ballast, which make a
/// measurement load the machine as the official test does, stay off, so the runs fit a shared CI machine.
/// </summary>
public sealed class UpStackFixture : IAsyncLifetime
{
    public UpProcess Up { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Up = UpProcess.Start("--processor-cost", "off");
        await Up.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        // Null when up could not start (no HAProxy here): its tests are skipped.
        if (Up is not null)
        {
            await Up.DisposeAsync();
        }
    }
}

/// <summary>
/// The official scenarios, time-scaled, against <c>up</c> with emulated processors: whatever the
/// latency on a shared machine, the money must add up: no inconsistency, no lag.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class UpEndToEndTests(UpStackFixture stack) : IClassFixture<UpStackFixture>
{
    [SkippableFact]
    public async Task Bench_PreviewAtFullTime_EndsWithZeroInconsistenciesAndZeroLag()
    {
        // Full time: the preview's 20 s outage ends with a long delay, and such a processor is probed only by payments
        // older than the auditors' 15 s lookback (which does not scale), or its recovery waits for the next 5 s health
        // poll. Compressed, the outage is too short for the first and the drain after it too short for the second.
        var outcome = await RunAsync(BuiltInScenarios.Preview, 1);

        Assert.True(outcome.Input.SucceededPayments > 1000, $"only {outcome.Input.SucceededPayments} payments accepted");
        Assert.True(outcome.Input.Inconsistencies == 0, Describe(outcome));
        Assert.True(outcome.Score.Lag == 0, Describe(outcome));
        Assert.Equal(0m, outcome.Score.FineRate);
        Assert.True(outcome.Score.NetTotal > 0);
        Assert.NotEmpty(outcome.Status);
        Assert.True(outcome.ConnectionsOpened >= outcome.UsersStarted, $"{outcome.ConnectionsOpened} connections for {outcome.UsersStarted} users");
        Assert.Equal(0, outcome.Unanswered.Charged);
    }

    [SkippableFact]
    public async Task Bench_FinalAtTenthTime_EndsWithZeroInconsistenciesAndZeroLag()
    {
        var outcome = await RunAsync(BuiltInScenarios.Final, 0.1);

        Assert.True(outcome.Input.SucceededPayments > 2000, $"only {outcome.Input.SucceededPayments} payments accepted");
        Assert.True(outcome.Input.Inconsistencies == 0, Describe(outcome));
        Assert.True(outcome.Score.Lag == 0, Describe(outcome));
        Assert.Equal(outcome.Input.SucceededPayments, outcome.Input.Default.Requests + outcome.Input.Fallback.Requests);
    }

    private static string Describe(BenchOutcome outcome)
    {
        var checks = outcome.Checks.Where(c => c.Inconsistencies > 0).Select(c =>
            $"  at {c.At.TotalSeconds:0.00}s: backend {c.Backend.TotalRequests}/{c.BackendFallback.TotalRequests}, processors {c.DefaultProcessor}/{c.FallbackProcessor}");
        return $"inconsistencies {outcome.Input.Inconsistencies}, lag {outcome.Score.Lag} " +
            $"(accepted {outcome.Input.SucceededPayments}, counted {outcome.Score.CountedRequests}, failed {outcome.Input.FailedPayments})" +
            Environment.NewLine + string.Join(Environment.NewLine, checks);
    }

    private async Task<BenchOutcome> RunAsync(Scenario scenario, double timeScale)
    {
        var settings = new BenchSettings
        {
            Scenario = scenario.Scaled(timeScale),
            TimeScale = timeScale,
            Backend = stack.Up.Backend,
            DefaultProcessor = stack.Up.DefaultProcessor,
            FallbackProcessor = stack.Up.FallbackProcessor,
            StatusEndpoints = stack.Up.Instances,
            GeneratorCpuPerRequest = TimeSpan.Zero,
        };
        var outcome = await new BenchRunner(settings).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.False(stack.Up.HasExited, "up stopped during the run:\n" + stack.Up.Output);
        var directory = Directory.CreateTempSubdirectory("bench-e2e-");
        try
        {
            BenchOutputs.Write(outcome, directory.FullName);
            Assert.True(File.Exists(Path.Combine(directory.FullName, scenario.ResultsFileName)));
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        return outcome;
    }
}
