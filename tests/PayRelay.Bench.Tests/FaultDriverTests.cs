using PayRelay.Bench.Run;
using PayRelay.Bench.Scenarios;
using PayRelay.Bench.Tests.Support;
using PayRelay.Bench.Up;
using PayRelay.Testing;

namespace PayRelay.Bench.Tests;

/// <summary>The faults of a scenario on a virtual clock, through a fake control channel.</summary>
public sealed class FaultDriverTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task Run_VirtualClock_SendsEachFaultAtItsTime()
    {
        var control = new FakeStackControl(_time);
        var clock = new LoadClock(_time);
        clock.Start();
        var driver = new FaultDriver(control, FaultScenarios.Healthy, clock);

        var run = driver.RunAsync(CancellationToken.None);
        await Eventually.HoldsAsync(() => _time.ArmedTimers == 1, "the driver waits for the first fault");
        _time.Advance(TimeSpan.FromSeconds(15) - TimeSpan.FromTicks(1));
        Assert.Empty(control.Requests);
        _time.Advance(TimeSpan.FromTicks(1));
        await Eventually.HoldsAsync(() => control.Requests.Count == 1 && _time.ArmedTimers == 1, "the first fault is sent at 15 s");
        _time.Advance(TimeSpan.FromSeconds(30));
        await run.WithinDeadline("the last fault is sent at 45 s");

        Assert.Equal(
            [(15.0, new ControlRequest("kill", "api1", "KILL", 10)), (45.0, new ControlRequest("kill", "api2", "TERM", 7))],
            control.Requests.Select(r => ((r.At - clock.StartedAt).TotalSeconds, r.Request)));
        Assert.Equal([15.0, 45.0], driver.Applied.Select(a => a.AppliedAt.TotalSeconds));
        Assert.Equal("sent KILL to api1", driver.Applied[0].Message);
    }

    [Fact]
    public async Task Run_FaultRefused_AbortsWithUpsReason()
    {
        var control = new FakeStackControl(_time) { RefuseKillsWith = "api1 is not running (held-down)" };
        var scenario = FaultScenarios.Healthy with { Faults = [new Fault(TimeSpan.Zero, "api1", Fault.Kill, null)] };

        var error = await Assert.ThrowsAsync<BenchAbortedException>(() => new FaultDriver(control, scenario, new LoadClock(_time)).RunAsync(CancellationToken.None));

        Assert.Contains("kill -9 api1", error.Message, StringComparison.Ordinal);
        Assert.Contains("api1 is not running (held-down)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prepare_ServicesUpRuns_ReturnsTheInstancesAddresses()
    {
        var instances = await FaultDriver.PrepareAsync(new FakeStackControl(_time), FaultScenarios.Healthy, CancellationToken.None);

        Assert.Equal(["http://unix:/tmp/s/api1.sock", "http://unix:/tmp/s/api2.sock"], instances);
    }

    [Fact]
    public async Task Prepare_FaultNamesAServiceUpDoesNotRun_AbortsBeforeTheLoad()
    {
        var scenario = FaultScenarios.Healthy with { Faults = [new Fault(TimeSpan.FromSeconds(1), "api3", Fault.Term, null)] };

        var error = await Assert.ThrowsAsync<BenchAbortedException>(() => FaultDriver.PrepareAsync(new FakeStackControl(_time), scenario, CancellationToken.None));

        Assert.Contains("'api3', which up does not run (it runs processor-default, api1, api2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prepare_NoChannel_AbortsNamingTheScenario()
    {
        var error = await Assert.ThrowsAsync<BenchAbortedException>(() =>
            FaultDriver.PrepareAsync(new FakeStackControl(_time) { Unreachable = true }, FaultScenarios.Healthy, CancellationToken.None));

        Assert.Contains("faults-healthy scenario kills services through up's control channel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventsSinceStart_PlacesUpsEventsOnTheRunsTimeline()
    {
        var clock = new LoadClock(_time);
        clock.Start();
        var control = new FakeStackControl(_time)
        {
            Events =
            [
                new ServiceEvent(clock.StartedAt.AddSeconds(-5), "api2", "restarted", 9, null, "before the run"),
                new ServiceEvent(clock.StartedAt.AddSeconds(25.5), "api1", "restarted", 77, null, "api1 started again (pid 77)"),
            ],
        };

        var events = await FaultDriver.EventsSinceStartAsync(control, clock, CancellationToken.None);

        Assert.Equal([new StackEvent(TimeSpan.FromSeconds(25.5), "api1", "restarted", "api1 started again (pid 77)")], events);
    }
}
