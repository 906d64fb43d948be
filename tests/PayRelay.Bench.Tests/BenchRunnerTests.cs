using PayRelay.Bench.Http;
using PayRelay.Bench.Run;
using PayRelay.Bench.Scenarios;
using PayRelay.Bench.Tests.Support;

namespace PayRelay.Bench.Tests;

/// <summary>
/// The whole runner against deliberately faulty backends that forward to in-process emulators: the
/// bench must report exactly the lag, inconsistencies and p99 each fault causes.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class BenchRunnerTests : IAsyncLifetime
{
    // Three seconds, 1 → 20 users pausing 200 ms: a few hundred payments; checks every second over
    // [now − 15 s, now − 1 s]: the margin covers a payment between the processor storing it and the
    // backend recording it, even on a busy machine.
    private static readonly Scenario Short = new()
    {
        Name = "short",
        Duration = TimeSpan.FromSeconds(3),
        MaxUsers = 20,
        Amount = 19.90m,
        DefaultFee = 0.05m,
        FallbackFee = 0.15m,
        Stages = [],
        MoneySource = MoneySource.BackendSummary,
        TeardownWindow = TimeSpan.FromSeconds(70),
        ConsistencyMargin = TimeSpan.FromSeconds(1),
        ConsistencyInterval = TimeSpan.FromSeconds(1),
        UserPause = TimeSpan.FromMilliseconds(200),
    };

    private Processors _processors = null!;

    public async Task InitializeAsync() => _processors = await Processors.StartAsync();

    public async Task DisposeAsync() => await _processors.DisposeAsync();

    [Fact]
    public async Task Run_CorrectBackend_NoLagNoInconsistencyAndEveryPaymentCounted()
    {
        await using var backend = await FakeBackend.StartAsync(_processors.Default.BaseAddress, new FakeFaults());

        var outcome = await RunAsync(backend, Short);

        Assert.True(outcome.Input.SucceededPayments > 50, $"only {outcome.Input.SucceededPayments} payments");
        Assert.Equal(backend.Received, outcome.Input.SucceededPayments);
        Assert.Equal(0, outcome.Input.FailedPayments);
        Assert.Equal(_processors.Default.State.Count, outcome.Input.Default.Requests);
        Assert.Equal(0, outcome.Score.Lag);
        Assert.Equal(0, outcome.Input.Inconsistencies);
        Assert.True(outcome.Checks.Count >= 3, $"{outcome.Checks.Count} checks");
        Assert.Equal(outcome.Input.SucceededPayments * 19.90m * 0.95m * (1 + outcome.Score.Bonus), outcome.Score.NetTotal);
        Assert.Equal(0.05m, outcome.Input.DefaultFeeRate);
        Assert.Contains(outcome.Status, p => p.Instance == "fake");
    }

    [Fact]
    public async Task Run_BackendLosesPayments_ReportsExactlyThatLag()
    {
        await using var backend = await FakeBackend.StartAsync(_processors.Default.BaseAddress, new FakeFaults { LoseEvery = 4 });

        var outcome = await RunAsync(backend, Short);

        Assert.True(backend.Lost > 10, $"only {backend.Lost} lost");
        Assert.Equal(backend.Lost, outcome.Score.Lag);
        Assert.False(outcome.Score.Disqualified);
        Assert.Equal(0, outcome.Input.Inconsistencies);
        Assert.Equal(0m, outcome.Score.FineRate);
        Assert.Equal(backend.Received, outcome.Results.Lag.Requested);
    }

    [Fact]
    public async Task Run_BackendOverReports_CountsInconsistenciesFinesAndDisqualifies()
    {
        await using var backend = await FakeBackend.StartAsync(_processors.Default.BaseAddress, new FakeFaults { PhantomEvery = 3 });

        var outcome = await RunAsync(backend, Short);

        Assert.True(backend.Phantoms > 10, $"only {backend.Phantoms} phantoms");
        Assert.True(outcome.Input.Inconsistencies > 0);
        Assert.Equal(0.35m, outcome.Score.FineRate);
        Assert.Equal(-backend.Phantoms, outcome.Score.Lag);
        Assert.True(outcome.Score.Disqualified);
        Assert.True(outcome.Results.SlushFund.Detected);
    }

    [Fact]
    public async Task Run_OverReportingWithProcessorMoney_KeepsLagButStillFines()
    {
        await using var backend = await FakeBackend.StartAsync(_processors.Default.BaseAddress, new FakeFaults { PhantomEvery = 3 });

        var outcome = await RunAsync(backend, Short with { MoneySource = MoneySource.ProcessorSummaries });

        // The final test counts the processors' books: the phantoms add no money, only the fine.
        Assert.Equal(0, outcome.Score.Lag);
        Assert.Equal(_processors.Default.State.Count, outcome.Input.Default.Requests);
        Assert.True(outcome.Input.Inconsistencies > 0);
        Assert.Equal(0.35m, outcome.Score.FineRate);
    }

    [Fact]
    public async Task Run_SlowBackend_P99IsAtLeastItsDelay()
    {
        var delay = TimeSpan.FromMilliseconds(40);
        await using var backend = await FakeBackend.StartAsync(_processors.Default.BaseAddress, new FakeFaults { SlowBy = delay });

        var outcome = await RunAsync(backend, Short);

        Assert.True(outcome.Input.P99Milliseconds >= delay.TotalMilliseconds, $"p99 {outcome.Input.P99Milliseconds} ms");
        Assert.True(outcome.Score.P99 >= 40m);
        Assert.Equal(0m, outcome.Score.Bonus);
        Assert.Equal(0, outcome.Input.FailedPayments);
        Assert.Equal(0, outcome.Score.Lag);
    }

    [Fact]
    public async Task Run_PerUserConnections_OpensOneConnectionPerStartedUser()
    {
        await using var backend = await FakeBackend.StartAsync(_processors.Default.BaseAddress, new FakeFaults());

        var outcome = await RunAsync(backend, Short);

        Assert.Equal(ConnectionMode.PerUser, outcome.Settings.Connections);
        Assert.True(outcome.UsersStarted >= 15, $"only {outcome.UsersStarted} users started");
        Assert.Equal(outcome.UsersStarted, backend.PaymentConnections);
        Assert.Equal(outcome.UsersStarted, outcome.ConnectionsOpened);
        Assert.Equal(0, outcome.Score.Lag);
    }

    [Fact]
    public async Task Run_UserWhoseRequestTimesOut_ReconnectsForItsNextRequest()
    {
        // One user, a 300 ms timeout, every second payment answered only after 1 s: each timeout closes the
        // connection, and the request after it comes over a new one.
        await using var backend = await FakeBackend.StartAsync(_processors.Default.BaseAddress, new FakeFaults { HoldEvery = 2, HoldFor = TimeSpan.FromSeconds(1) });
        var oneUser = Short with { MaxUsers = 1, RequestTimeout = TimeSpan.FromMilliseconds(300), UserPause = TimeSpan.FromMilliseconds(50) };

        var outcome = await RunAsync(backend, oneUser);

        var payments = outcome.Samples.Where(s => s.Kind == RequestKind.Payment).OrderBy(s => s.Start).ToList();
        var timeouts = payments.Count(s => s.Status == 0);
        var followed = payments[^1].Status == 0 ? timeouts - 1 : timeouts;
        Assert.True(timeouts >= 2, $"only {timeouts} timeouts");
        Assert.Equal(1 + followed, backend.PaymentConnections);
        Assert.Equal(1 + followed, outcome.ConnectionsOpened);
    }

    [Fact]
    public async Task Run_PooledConnections_StillScoresAndSharesFewerConnectionsThanUsers()
    {
        await using var backend = await FakeBackend.StartAsync(_processors.Default.BaseAddress, new FakeFaults());

        var outcome = await RunAsync(backend, Short, ConnectionMode.Pooled);

        Assert.True(outcome.Input.SucceededPayments > 50, $"only {outcome.Input.SucceededPayments} payments");
        Assert.Equal(0, outcome.Score.Lag);
        Assert.Equal(0, outcome.Input.Inconsistencies);
        Assert.True(backend.PaymentConnections < outcome.UsersStarted, $"{backend.PaymentConnections} connections for {outcome.UsersStarted} users");
        Assert.True(outcome.ConnectionsOpened >= backend.PaymentConnections);
    }

    [Fact]
    public async Task Run_ProcessorSlowerThanTheTimeout_CountsTheUnansweredPaymentsItChargedAnyway()
    {
        // For the first second the emulator takes 1.6 s per payment and then stores it: the backend answers after
        // the client gave up, and counts a payment the client does not. From 1 s on it answers at once, so every
        // slow payment is stored before the run ends.
        await using var backend = await FakeBackend.StartAsync(_processors.Default.BaseAddress, new FakeFaults());
        var slowStart = Short with
        {
            Stages =
            [
                new Stage(TimeSpan.Zero, new ProcessorStage(1600, false), new ProcessorStage(0, false)),
                new Stage(TimeSpan.FromSeconds(1), new ProcessorStage(0, false), new ProcessorStage(0, false)),
            ],
        };

        var outcome = await RunAsync(backend, slowStart);

        var charged = outcome.Unanswered;
        Assert.True(outcome.TimedOutPayments > 0, "no payment timed out");
        Assert.Equal(outcome.TimedOutPayments, charged.Unanswered);
        Assert.Equal(charged.Unanswered, charged.Charged);
        Assert.Equal((charged.Charged, 0, 0, 0), (charged.ByDefault, charged.ByFallback, charged.ByBoth, charged.Unresolved));
        Assert.Equal(-charged.Charged, outcome.Score.Lag);
    }

    [Fact]
    public async Task Run_AnswersPastTheTimeout_AreFailuresOutsideP99ButTheirPaymentsCount()
    {
        await using var backend = await FakeBackend.StartAsync(_processors.Default.BaseAddress, new FakeFaults { HoldEvery = 5, HoldFor = TimeSpan.FromSeconds(2) });

        var outcome = await RunAsync(backend, Short);

        Assert.True(backend.Held > 5, $"only {backend.Held} held");
        Assert.Equal(backend.Held, outcome.Input.FailedPayments);
        Assert.Equal(backend.Held, outcome.TimedOutPayments);
        Assert.Equal(backend.Received - backend.Held, outcome.Input.SucceededPayments);

        // The backend processed what the client gave up on: more payments than accepted requests.
        Assert.Equal(-backend.Held, outcome.Score.Lag);
        Assert.Equal(backend.Held, outcome.Unanswered.Charged);
        Assert.True(outcome.Input.P99Milliseconds < 1500, $"p99 {outcome.Input.P99Milliseconds} ms includes timed-out requests");
    }

    private async Task<BenchOutcome> RunAsync(FakeBackend backend, Scenario scenario, ConnectionMode connections = ConnectionMode.PerUser)
    {
        var settings = new BenchSettings
        {
            Scenario = scenario,
            Connections = connections,
            Backend = ServiceEndpoint.Parse(backend.BaseAddress.AbsoluteUri),
            DefaultProcessor = ServiceEndpoint.Parse(_processors.Default.BaseAddress.AbsoluteUri),
            FallbackProcessor = ServiceEndpoint.Parse(_processors.Fallback.BaseAddress.AbsoluteUri),
        };
        return await new BenchRunner(settings).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
    }
}
