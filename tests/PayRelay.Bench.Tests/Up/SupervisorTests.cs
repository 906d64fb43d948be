using Microsoft.Extensions.Logging.Abstractions;
using PayRelay.Bench.Tests.Support;
using PayRelay.Bench.Up;
using PayRelay.Testing;

namespace PayRelay.Bench.Tests.Up;

/// <summary>The supervisor of <c>up</c> on a virtual clock, with fake processes: what restarts, when, and what stays up.</summary>
public sealed class SupervisorTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly Supervisor _supervisor;
    private readonly Dictionary<string, List<FakeServiceProcess>> _runs = [];
    private readonly List<string> _stopOrder = [];
    private int _nextPid = 100;

    public SupervisorTests() => _supervisor = new Supervisor(_time, NullLogger.Instance);

    [Fact]
    public async Task Crash_RestartsAfterASecond_AndTheOthersStayUp()
    {
        var api1 = Add("api1");
        var processor = Add("processor-default", tier: 0);
        _supervisor.Watch();

        api1.Exit(137);
        await WaitForTimerAsync("the supervisor waits before it starts api1 again");
        Assert.Equal((SupervisedService.Restarting, 137, (int?)null), (Status("api1").State, Status("api1").LastExitCode, Status("api1").Pid));
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(1, Starts("api1"));
        _time.Advance(TimeSpan.FromMilliseconds(1));

        await Eventually.HoldsAsync(() => Starts("api1") == 2, "api1 started again 1 s after it crashed");
        Assert.Equal((SupervisedService.Running, 1, Latest("api1").Id), (Status("api1").State, Status("api1").Restarts, Status("api1").Pid!.Value));
        Assert.True(api1.Disposed);
        Assert.False(processor.HasExited);
        Assert.Empty(processor.Signals);
        Assert.Equal(1, Starts("processor-default"));
    }

    [Fact]
    public async Task CrashLoop_WaitsTwiceAsLongEachTime_AtMostThirtySeconds_AndAStableRunResetsIt()
    {
        Add("api1");
        _supervisor.Watch();

        foreach (var seconds in new[] { 1, 2, 4, 8, 16, 30, 30 })
        {
            var starts = Starts("api1");
            Latest("api1").Exit(1);
            await WaitForTimerAsync($"the wait of {seconds} s is armed");
            _time.Advance(TimeSpan.FromSeconds(seconds) - TimeSpan.FromTicks(1));
            Assert.Equal(starts, Starts("api1"));
            _time.Advance(TimeSpan.FromTicks(1));
            await Eventually.HoldsAsync(() => Starts("api1") == starts + 1, $"api1 started again after {seconds} s");
        }

        _time.Advance(RestartBackoff.StableAfter);
        Latest("api1").Exit(1);
        await WaitForTimerAsync("a wait is armed after a stable run");
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.HoldsAsync(() => Starts("api1") == 9, "after a 10 s run, the next crash waits 1 s again");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(3, 8)]
    [InlineData(4, 16)]
    [InlineData(5, 30)]
    [InlineData(40, 30)]
    public void Backoff_CrashesInARow_DoublesFromOneSecondUpToThirty(int crashes, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), RestartBackoff.Delay(crashes));
    }

    [Fact]
    public async Task Kill_WithRestartAfter_HeldDownThatLongThenStartedAgain()
    {
        var api1 = Add("api1");
        _supervisor.Watch();

        var answer = _supervisor.Handle(new ControlRequest("kill", "api1", "KILL", 10));

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal([9], api1.Signals);
        await WaitForTimerAsync("api1 is held down");
        var held = Status("api1");
        Assert.Equal((SupervisedService.HeldDown, 137, 10.0), (held.State, held.LastExitCode, held.RestartInSeconds!.Value));
        _time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        Assert.Equal(1, Starts("api1"));
        _time.Advance(TimeSpan.FromTicks(1));
        await Eventually.HoldsAsync(() => Starts("api1") == 2, "api1 started again 10 s after the signal");
        Assert.Equal(["signalled", "exited", "restarted"], _supervisor.Events.Select(e => e.Kind));
        Assert.All(_supervisor.Events, e => Assert.Equal("api1", e.Service));
    }

    [Fact]
    public async Task Kill_TermWithADrainLongerThanTheHold_StartsAgainWhenItExits()
    {
        var api2 = Add("api2", diesOfSignals: false);
        _supervisor.Watch();

        Assert.True(_supervisor.Handle(new ControlRequest("kill", "api2", "TERM", 7)).Ok);
        Assert.Equal([15], api2.Signals);
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal((SupervisedService.Running, 1), (Status("api2").State, Starts("api2")));

        api2.Exit(0);

        await Eventually.HoldsAsync(() => Starts("api2") == 2, "api2 started again as soon as its drain ended");
    }

    [Fact]
    public async Task Kill_WithoutRestartAfter_StartsAgainAtOnce()
    {
        Add("api1");
        _supervisor.Watch();

        Assert.True(_supervisor.Handle(new ControlRequest("kill", "api1", "SIGKILL")).Ok);

        await Eventually.HoldsAsync(() => Starts("api1") == 2, "api1 started again without waiting");
        Assert.Equal(0, _time.ArmedTimers);
    }

    [Fact]
    public async Task Restart_HeldDownService_StartsItNow()
    {
        Add("api1");
        _supervisor.Watch();
        _supervisor.Handle(new ControlRequest("kill", "api1", "KILL", 60));
        await WaitForTimerAsync("api1 is held down for 60 s");

        var answer = _supervisor.Handle(new ControlRequest("restart", "api1"));

        Assert.True(answer.Ok, answer.Error);
        await Eventually.HoldsAsync(() => Starts("api1") == 2, "api1 started before its hold-down ended");
    }

    [Fact]
    public async Task Restart_RunningService_StopsItAndStartsItAgain()
    {
        var api2 = Add("api2");
        _supervisor.Watch();

        var answer = _supervisor.Handle(new ControlRequest("restart", "api2"));

        Assert.True(answer.Ok, answer.Error);
        await Eventually.HoldsAsync(() => Starts("api2") == 2, "api2 started again");
        Assert.Equal([15], api2.Signals);
        Assert.Equal(0, _time.ArmedTimers);
    }

    [Theory]
    [InlineData("kill", "api9", "KILL", null, "no service 'api9': the services are api1")]
    [InlineData("kill", "api1", "HUP", null, "signal 'HUP': TERM or KILL")]
    [InlineData("kill", "api1", "KILL", -1.0, "restart-after -1: zero or more seconds")]
    [InlineData("restart", null, null, null, "no service ''")]
    [InlineData("dance", "api1", null, null, "unknown command 'dance'")]
    public void Handle_BadRequest_RefusedWithTheReasonAndNothingSignalled(string command, string? service, string? signal, double? hold, string reason)
    {
        var api1 = Add("api1");

        var answer = _supervisor.Handle(new ControlRequest(command, service, signal, hold));

        Assert.False(answer.Ok);
        Assert.StartsWith(reason, answer.Error, StringComparison.Ordinal);
        Assert.Empty(api1.Signals);
        Assert.Equal("api1", Assert.Single(answer.Services!).Name);
    }

    [Fact]
    public async Task Kill_ServiceAlreadyHeldDown_IsRefused()
    {
        Add("api1");
        _supervisor.Watch();
        _supervisor.Handle(new ControlRequest("kill", "api1", "KILL", 30));
        await WaitForTimerAsync("api1 is held down");

        var answer = _supervisor.Handle(new ControlRequest("kill", "api1", "KILL"));

        Assert.False(answer.Ok);
        Assert.Contains("api1 is not running (held-down)", answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopAll_StopsTheBalancerThenTheInstancesThenTheProcessors_AndRestartsNothing()
    {
        Add("processor-default", tier: 0);
        Add("api1", tier: 1);
        Add("haproxy", tier: 2);
        _supervisor.Watch();

        await _supervisor.StopAllAsync().WithinDeadline("the stack stopped");

        Assert.Equal(["haproxy", "api1", "processor-default"], _stopOrder);
        Assert.All(_supervisor.Services, s => Assert.Equal(SupervisedService.Stopped, s.Status().State));
        Assert.Equal([1, 1, 1], _runs.Values.Select(r => r.Count));
        Assert.Empty(_supervisor.Events);
    }

    private FakeServiceProcess Add(string name, int tier = 1, bool diesOfSignals = true)
    {
        var runs = _runs[name] = [];
        FakeServiceProcess Start()
        {
            var process = new FakeServiceProcess(name, Interlocked.Increment(ref _nextPid)) { DiesOfSignals = diesOfSignals, OnStop = p => _stopOrder.Add(p.Name) };
            lock (runs)
            {
                runs.Add(process);
            }

            return process;
        }

        var first = Start();
        _supervisor.Add(name, tier, TimeSpan.FromSeconds(15), null, first, Start);
        return first;
    }

    private int Starts(string name)
    {
        lock (_runs[name])
        {
            return _runs[name].Count;
        }
    }

    private FakeServiceProcess Latest(string name)
    {
        lock (_runs[name])
        {
            return _runs[name][^1];
        }
    }

    private ServiceStatus Status(string name) => _supervisor.Services.Single(s => s.Name == name).Status();

    private Task WaitForTimerAsync(string what) => Eventually.HoldsAsync(() => _time.ArmedTimers == 1, what);
}
