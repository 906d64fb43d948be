using System.Net.Http.Json;
using PayRelay.Bench.Cli;
using PayRelay.Bench.Run;
using PayRelay.Bench.Scenarios;
using PayRelay.Bench.Tests.Support;
using PayRelay.Bench.Up;
using PayRelay.Testing;

namespace PayRelay.Bench.Tests;

/// <summary><c>up</c> as users run it: it keeps the stack up, breaks it on purpose through <c>ctl</c>, and stops on SIGINT.</summary>
[Collection(LoadCollection.Name)]
public sealed class UpSupervisorTests
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Ctl_KillApi1WithAHoldDown_RestartedAfterItWhileTheRestStaysUpAndTheEmulatorsKeepTheirBooks()
    {
        await using var up = UpProcess.Start();
        await up.WaitUntilReadyAsync(Ready);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var booked = Guid.NewGuid();
        using (var stored = await http.PostAsJsonAsync($"http://127.0.0.1:{up.DefaultPort}/payments", new { correlationId = booked, amount = 19.90m, requestedAt = DateTimeOffset.UtcNow }))
        {
            Assert.True(stored.IsSuccessStatusCode, $"the emulator answered {stored.StatusCode}");
        }

        var control = new ControlClient(up.ControlLink);
        var before = (await control.SendAsync(ControlRequest.Status, CancellationToken.None)).Services!.ToDictionary(s => s.Name);
        using var output = new StringWriter();

        var exit = await CommandLine.RunAsync(["ctl", "--port", $"{up.Port}", "kill", "api1", "--signal", "KILL", "--restart-after", "5"], output);

        Assert.True(exit == 0, output.ToString());
        Assert.Contains($"sent SIGKILL to api1 (pid {before["api1"].Pid})", output.ToString(), StringComparison.Ordinal);
        await Eventually.HoldsAsync(async () => (await StatusAsync(control, "api1")).State == SupervisedService.HeldDown, "api1 is held down");
        Assert.False(Directory.Exists($"/proc/{before["api1"].Pid}"), "the killed api1 is still running");
        using (var through = await http.GetAsync($"http://127.0.0.1:{up.Port}/payments-summary"))
        {
            Assert.True(through.IsSuccessStatusCode, "the balancer still answers through api2");
        }

        await Eventually.HoldsAsync(async () => (await StatusAsync(control, "api1")).State == SupervisedService.Running, "api1 runs again", TimeSpan.FromSeconds(60));
        var after = (await control.SendAsync(ControlRequest.Status, CancellationToken.None)).Services!.ToDictionary(s => s.Name);
        Assert.Equal((1, 137), (after["api1"].Restarts, after["api1"].LastExitCode!.Value));
        Assert.NotEqual(before["api1"].Pid, after["api1"].Pid);
        foreach (var name in new[] { "processor-default", "processor-fallback", "api2", "haproxy" })
        {
            Assert.Equal((before[name].Pid, 0), (after[name].Pid, after[name].Restarts));
        }

        using (var kept = await http.GetAsync($"http://127.0.0.1:{up.DefaultPort}/payments/{booked}"))
        {
            Assert.True(kept.IsSuccessStatusCode, "the default emulator lost its books");
        }

        Assert.False(up.HasExited);
        Assert.True(up.Output.Contains($"api1 (pid {before["api1"].Pid}) exited after SIGKILL on request with code 137; restarting in ", StringComparison.Ordinal), up.Output);
        Assert.True(up.Output.Contains("restarted api1", StringComparison.Ordinal), up.Output);
    }

    [Fact]
    public async Task Up_StartedWithSigIntIgnored_SigIntStillStopsEverythingItStarted()
    {
        await using var up = UpProcess.StartIgnoringInterrupt();
        await up.WaitUntilReadyAsync(Ready);
        var sockets = up.Instances.Select(i => i.UnixSocketPath!).ToList();
        Assert.True(File.Exists(up.ControlLink), "up made no control link");

        var exit = await up.StopAsync(TimeSpan.FromSeconds(40), signal: "INT");

        Assert.Equal(0, exit);
        Assert.False(UpProcess.Accepts(up.Port), "the balancer still listens");
        Assert.False(UpProcess.Accepts(up.DefaultPort), "the default processor still listens");
        Assert.False(UpProcess.Accepts(up.FallbackPort), "the fallback processor still listens");
        Assert.All(sockets, s => Assert.False(Directory.Exists(Path.GetDirectoryName(s)), "the run directory is left behind"));
        Assert.False(File.Exists(up.ControlLink) || new FileInfo(up.ControlLink).LinkTarget is not null, "the control link is left behind");
        Assert.Contains("api1 exited", up.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpRelayBackend_BenchPreview_CompletesAgainstTheRelayFloor()
    {
        await using var up = UpProcess.Start("--backend", "relay");
        await up.WaitUntilReadyAsync(Ready);
        Assert.Contains("with the relay floor as api1 and api2", up.Output, StringComparison.Ordinal);
        var settings = new BenchSettings
        {
            Scenario = BuiltInScenarios.Preview.Scaled(0.1) with { MaxUsers = 40 },
            TimeScale = 0.1,
            Backend = up.Backend,
            DefaultProcessor = up.DefaultProcessor,
            FallbackProcessor = up.FallbackProcessor,
            CollectProcessorTimeline = false,
        };

        var outcome = await new BenchRunner(settings).RunAsync(CancellationToken.None).WithinDeadline("the preview against the relay", TimeSpan.FromMinutes(2));

        Assert.True(outcome.Input.SucceededPayments > 20, $"only {outcome.Input.SucceededPayments} payments accepted");
        Assert.Equal(0, outcome.Input.FailedPayments - outcome.TimedOutPayments);
        Assert.DoesNotContain(outcome.Warnings, w => w.Contains("backend", StringComparison.Ordinal));
        Assert.Equal(0, outcome.Input.Default.Requests + outcome.Input.Fallback.Requests);
        Assert.False(up.HasExited, up.Output);
    }

    private static async Task<ServiceStatus> StatusAsync(IStackControl control, string name) =>
        (await control.SendAsync(ControlRequest.Status, CancellationToken.None)).Services!.Single(s => s.Name == name);
}
