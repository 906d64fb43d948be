using PayRelay.Bench.Run;
using PayRelay.Bench.Scenarios;
using PayRelay.Bench.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Bench.Tests;

public sealed class ConsistencyCheckerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2025, 7, 15, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualTimeProvider _time = new(Noon);
    private SummaryServer _server = null!;

    public async Task InitializeAsync() => _server = await SummaryServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("preview", "2025-07-15T11:59:58.500Z")]
    [InlineData("final", "2025-07-15T11:59:58.000Z")]
    public async Task CheckOnce_AtNow_AsksAllThreeForTheSameWindow(string scenario, string to)
    {
        var (checker, _, client) = Create(BuiltInScenarios.Find(scenario)!);
        using (client)
        {
            await checker.CheckOnceAsync(CancellationToken.None);
        }

        var expected = $"?from=2025-07-15T11:59:45.000Z&to={to}";
        Assert.Equal(
            ["/backend/payments-summary" + expected, "/default/admin/payments-summary" + expected, "/fallback/admin/payments-summary" + expected],
            _server.Requests.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CheckOnce_CountsDiffer_AddsTheAbsoluteDifferencePerProcessor()
    {
        _server.BackendCounts = (10, 3);
        _server.DefaultCount = 7;
        _server.FallbackCount = 5;
        var (checker, counters, client) = Create(BuiltInScenarios.Preview);
        using (client)
        {
            var record = await checker.CheckOnceAsync(CancellationToken.None);

            Assert.Equal(5, record.Inconsistencies);
        }

        Assert.Equal(5, counters.Inconsistencies);
        Assert.Equal(1, counters.Checks);
    }

    [Fact]
    public async Task CheckOnce_ProcessorSummaryFails_CountsItAsZeroLikeTheOfficialScript()
    {
        _server.BackendCounts = (4, 2);
        _server.DefaultCount = 4;
        _server.FallbackCount = 2;
        _server.FallbackStatus = 500;
        var (checker, counters, client) = Create(BuiltInScenarios.Preview);
        using (client)
        {
            var record = await checker.CheckOnceAsync(CancellationToken.None);

            Assert.False(record.AllAnswered);
            Assert.Equal(0, record.FallbackProcessor);
        }

        Assert.Equal(2, counters.Inconsistencies);
    }

    [Fact]
    public async Task Run_VirtualClock_ChecksAtStartThenEveryIntervalUntilTheDurationEnds()
    {
        var scenario = BuiltInScenarios.Preview with { Duration = TimeSpan.FromSeconds(30) };
        var (checker, counters, client) = Create(scenario);
        using (client)
        {
            var run = checker.RunAsync(CancellationToken.None);
            for (var expected = 1; expected <= 3; expected++)
            {
                await Eventually.HoldsAsync(() => counters.Checks == expected && _time.ArmedTimers == 1, $"check {expected} done and the pause started");
                Assert.False(run.IsCompleted);
                _time.Advance(TimeSpan.FromSeconds(10));
            }

            await run.WaitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(3, counters.Checks);
        Assert.Equal([0.0, 10, 20], checker.Records.Select(r => r.At.TotalSeconds));
    }

    private (ConsistencyChecker Checker, RunCounters Counters, TestClient Client) Create(Scenario scenario)
    {
        var clock = new LoadClock(_time);
        var client = new TestClient(_server.Backend, _server.Default, _server.Fallback, "123", scenario.RequestTimeout, clock);
        var counters = new RunCounters();
        return (new ConsistencyChecker(client, scenario, clock, counters), counters, client);
    }
}
