using PayRelay.Bench.Http;
using PayRelay.Bench.Report;
using PayRelay.Bench.Run;
using PayRelay.Bench.Scenarios;
using PayRelay.Bench.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Bench.Tests;

/// <summary>
/// The runner with faults and the processors' settings: a fault run ends with a charge check that finds what the
/// backend lost, and whatever way a run ends, the processors are put back as they were found.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class BenchFaultRunTests : IAsyncLifetime
{
    // Two seconds of 10 users pausing 200 ms; the stage at once makes both processors slow and the default failing.
    private static readonly Scenario Short = new()
    {
        Name = "short-faults",
        Duration = TimeSpan.FromSeconds(2),
        MaxUsers = 10,
        ConstantUsers = true,
        Amount = 19.90m,
        DefaultFee = 0.05m,
        FallbackFee = 0.15m,
        Stages = [new Stage(TimeSpan.Zero, new ProcessorStage(5, true), new ProcessorStage(2500, false))],
        MoneySource = MoneySource.BackendSummary,
        TeardownWindow = TimeSpan.FromSeconds(70),
        ConsistencyMargin = TimeSpan.FromSeconds(1),
        ConsistencyInterval = TimeSpan.FromSeconds(1),
        UserPause = TimeSpan.FromMilliseconds(200),
        SettleDeadline = TimeSpan.Zero,
    };

    private Processors _processors = null!;

    public async Task InitializeAsync()
    {
        _processors = await Processors.StartAsync();
        _processors.Default.State.DelayMilliseconds = 37;
        _processors.Fallback.State.DelayMilliseconds = 3;
        _processors.Fallback.State.Failing = true;
    }

    public async Task DisposeAsync() => await _processors.DisposeAsync();

    [Fact]
    public async Task Run_Completes_PutsEachProcessorsDelayAndFailureBack()
    {
        await using var backend = await FakeBackend.StartAsync(_processors.Default.BaseAddress, new FakeFaults());

        var outcome = await new BenchRunner(Settings(backend, Short with { Stages = [.. Short.Stages, new Stage(TimeSpan.FromSeconds(1), new(100, false), new(0, true))] }))
            .RunAsync(CancellationToken.None).WithinDeadline("the run", TimeSpan.FromSeconds(60));

        Assert.Equal(2, outcome.Stages.Count);
        AssertPutBack();
        Assert.Null(outcome.Charges);
    }

    [Fact]
    public async Task Run_AbortedByARefusedFault_StillPutsTheProcessorsBack()
    {
        await using var backend = await FakeBackend.StartAsync(_processors.Default.BaseAddress, new FakeFaults());
        var control = new FakeStackControl(TimeProvider.System) { RefuseKillsWith = "up is stopping" };
        var scenario = Short with { Faults = [new Fault(TimeSpan.FromSeconds(1), "api1", Fault.Kill, null)] };

        var error = await Assert.ThrowsAsync<BenchAbortedException>(() => new BenchRunner(Settings(backend, scenario, control))
            .RunAsync(CancellationToken.None).WithinDeadline("the run", TimeSpan.FromSeconds(60)));

        Assert.Contains("up is stopping", error.Message, StringComparison.Ordinal);
        AssertPutBack();
    }

    [Fact]
    public async Task Run_Interrupted_StillPutsTheProcessorsBack()
    {
        await using var backend = await FakeBackend.StartAsync(_processors.Default.BaseAddress, new FakeFaults());
        // Ctrl-C comes a second in, well after the stage at 0 s, as the fault at 1 s is sent.
        using var interrupt = new CancellationTokenSource();
        var control = new FakeStackControl(TimeProvider.System) { OnKill = interrupt.Cancel };
        var scenario = Short with { Duration = TimeSpan.FromMinutes(5), Faults = [new Fault(TimeSpan.FromSeconds(1), "api1", Fault.Kill, null)] };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new BenchRunner(Settings(backend, scenario, control))
            .RunAsync(interrupt.Token).WithinDeadline("the interrupted run", TimeSpan.FromSeconds(60)));

        Assert.True(interrupt.IsCancellationRequested);
        AssertPutBack();
    }

    [Fact]
    public async Task Run_FaultScenario_SendsTheFaultAndChecksEveryPayment()
    {
        // The fake backend forwards to the default, which this scenario makes healthy, and answers 202 to every
        // fourth payment without forwarding it: lost.
        await using var backend = await FakeBackend.StartAsync(_processors.Default.BaseAddress, new FakeFaults { LoseEvery = 4 });
        var control = new FakeStackControl(TimeProvider.System);
        var scenario = Short with
        {
            Stages = [new Stage(TimeSpan.Zero, new(0, false), new(0, false))],
            Faults = [new Fault(TimeSpan.FromSeconds(0.5), "api2", Fault.Term, TimeSpan.FromSeconds(1))],
        };

        var outcome = await new BenchRunner(Settings(backend, scenario, control)).RunAsync(CancellationToken.None).WithinDeadline("the run", TimeSpan.FromSeconds(60));

        Assert.Equal(new PayRelay.Bench.Up.ControlRequest("kill", "api2", "TERM", 1), control.Requests.Single(r => r.Request.Command == "kill").Request);
        Assert.Equal("api2", Assert.Single(outcome.Faults).Fault.Instance);
        var charges = outcome.Charges!;
        Assert.True(backend.Lost > 3, $"only {backend.Lost} lost");
        Assert.Equal(outcome.Input.SucceededPayments, charges.Accepted.Payments);
        // A payment the client gave up on is no longer "accepted": whichever way it went, the counts add up.
        Assert.Equal(backend.Lost, charges.Lost + charges.Unanswered.NotCharged);
        Assert.Equal(backend.Received - backend.Lost, charges.Accepted.ChargedOnce + charges.Unanswered.ChargedOnce);
        Assert.Equal(charges.Accepted.ChargedOnce, charges.Accepted.OnDefault);
        Assert.Equal(0, charges.ChargedTwice);
        Assert.False(charges.Clean);
        Assert.True(charges.AllTime.Equal, ChargeCheckTable.Compare(charges.AllTime));
        Assert.Contains("LOST", ChargeCheckTable.Render(outcome.Faults, charges), StringComparison.Ordinal);
    }

    private void AssertPutBack()
    {
        Assert.Equal((37, false), (_processors.Default.State.DelayMilliseconds, _processors.Default.State.Failing));
        Assert.Equal((3, true), (_processors.Fallback.State.DelayMilliseconds, _processors.Fallback.State.Failing));
    }

    private BenchSettings Settings(FakeBackend backend, Scenario scenario, FakeStackControl? control = null) => new()
    {
        Scenario = scenario,
        Backend = ServiceEndpoint.Parse(backend.BaseAddress.AbsoluteUri),
        DefaultProcessor = ServiceEndpoint.Parse(_processors.Default.BaseAddress.AbsoluteUri),
        FallbackProcessor = ServiceEndpoint.Parse(_processors.Fallback.BaseAddress.AbsoluteUri),
        StatusEndpoints = [ServiceEndpoint.Parse(backend.BaseAddress.AbsoluteUri)],
        CollectProcessorTimeline = false,
        Control = control,
    };
}
