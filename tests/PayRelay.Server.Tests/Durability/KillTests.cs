using System.Net;
using PayRelay.Server.Tests.Integration;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Durability;

/// <summary>
/// Issue 16's rule, with real processes and real signals: a payment answered 202 is charged exactly once, by one
/// processor, and appears in the backend's summary, however the instance that accepted it died.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class KillTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Kill9_DuringAccept_EveryPaymentAnswered202ChargedOnceAfterRestart()
    {
        await using var harness = await CrashHarness.StartAsync();
        using var stop = new CancellationTokenSource();
        var accepted = new List<Guid>();
        var posters = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var id = Guid.NewGuid();
                try
                {
                    if (await harness.Server.PostPaymentAsync(id) == HttpStatusCode.Accepted)
                    {
                        lock (accepted)
                        {
                            accepted.Add(id);
                        }
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // The instance died under this request: no answer, no promise.
                }
            }
        })).ToList();
        await Eventually.HoldsAsync(() => { lock (accepted) { return accepted.Count >= 200; } }, "200 payments accepted before the kill");

        await harness.Server.KillAsync();
        await stop.CancelAsync();
        await Task.WhenAll(posters);
        await harness.StartServerAsync();

        Assert.True(accepted.Count >= 200);
        await harness.AssertEachChargedOnceAsync(accepted, Settle);
    }

    [Fact]
    public async Task Kill9_DuringInFlightAttempts_ResolvedWhereTheyWereSentChargedOnce()
    {
        await using var harness = await CrashHarness.StartAsync(("PROCESSOR_TIMEOUT_MS", "10000"));
        harness.Default.State.DelayMilliseconds = 1500;
        // Fewer than the adaptive limit starts with (16), so all of them leave at once, before the default is seen slow.
        var ids = await harness.PostAsync(12);
        Assert.Equal(12, ids.Count);
        await Eventually.HoldsAsync(async () => await harness.Server.InFlightAsync() == 12, "12 attempts in flight at the slow default");
        // The instance counts an attempt in flight as it starts writing it: kill only once the processor has all 20.
        await Eventually.HoldsAsync(() => harness.Default.State.PaymentsInFlight == 12, "the default received the 12 attempts");

        await harness.Server.KillAsync();
        // The processor stores what it was sent when its delay ends, whoever waits for the answer.
        await Eventually.HoldsAsync(() => harness.Default.State.Count == 12, "the default stored the 12 attempts after the kill");
        harness.Default.State.DelayMilliseconds = 0;
        await harness.StartServerAsync();

        await harness.AssertEachChargedOnceAsync(ids, Settle);
        Assert.Equal(0, harness.Fallback.State.Count);
    }

    [Fact]
    public async Task Kill9_WhileTheDefaultFails_HeldPaymentsChargedWhenItReturns()
    {
        await using var harness = await CrashHarness.StartAsync(("FALLBACK_AFTER_MS", "60000"));
        harness.Default.State.Failing = true;
        var ids = await harness.PostAsync(30);
        Assert.Equal(30, ids.Count);
        await Eventually.HoldsAsync(async () => await harness.Server.HeldAsync() == 30, "the 30 payments held for the failing default");

        await harness.Server.KillAsync();
        await harness.StartServerAsync();
        Assert.Equal(30, await harness.Server.HeldAsync());
        Assert.Equal(0, harness.Default.State.Count + harness.Fallback.State.Count);
        harness.Default.State.Failing = false;

        await harness.AssertEachChargedOnceAsync(ids, Settle);
        Assert.Equal(0, harness.Fallback.State.Count);
    }

    [Fact]
    public async Task Kill9_DuringADrain_HeldPaymentsKeptForTheNextStart()
    {
        await using var harness = await CrashHarness.StartAsync(("FALLBACK_AFTER_MS", "60000"), ("SHUTDOWN_TIMEOUT_SECONDS", "20"));
        harness.Default.State.Failing = true;
        var ids = await harness.PostAsync(30);
        await Eventually.HoldsAsync(async () => await harness.Server.HeldAsync() == 30, "the 30 payments held for the failing default");

        harness.Server.Terminate();
        await Eventually.HoldsAsync(async () => !await harness.Server.HealthyAsync(), "the instance drains (/healthz 503)");
        // The drain waits for the default (there is no peer); the operator loses patience.
        Assert.False(harness.Server.HasExited);
        await harness.Server.KillAsync();
        await harness.StartServerAsync();
        harness.Default.State.Failing = false;

        await harness.AssertEachChargedOnceAsync(ids, Settle);
    }

    [Fact]
    public async Task SigTerm_NoPeerAndTheDefaultDown_ExitsAtTheDeadlineAndTheNextStartFinishes()
    {
        await using var harness = await CrashHarness.StartAsync(("FALLBACK_AFTER_MS", "60000"), ("SHUTDOWN_TIMEOUT_SECONDS", "3"));
        harness.Default.State.Failing = true;
        var ids = await harness.PostAsync(25);
        await Eventually.HoldsAsync(async () => await harness.Server.HeldAsync() == 25, "the 25 payments held for the failing default");

        harness.Server.Terminate();
        await Eventually.HoldsAsync(() => harness.Server.HasExited, "the instance exits at its drain deadline", TimeSpan.FromSeconds(20));
        // The process may be seen to exit before its last lines are read from its output: wait for them, with a deadline.
        await Eventually.HoldsAsync(() => harness.Server.Output.Contains("25 payments stay in the journal", StringComparison.Ordinal), "the log says the 25 payments stay in the journal");
        await harness.StartServerAsync();
        harness.Default.State.Failing = false;

        await harness.AssertEachChargedOnceAsync(ids, Settle);
    }
}
