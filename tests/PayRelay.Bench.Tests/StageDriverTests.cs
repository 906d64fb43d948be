using PayRelay.Bench.Http;
using PayRelay.Bench.Run;
using PayRelay.Bench.Scenarios;
using PayRelay.Bench.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Bench.Tests;

public sealed class StageDriverTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UnixEpoch);
    private Processors _processors = null!;

    public async Task InitializeAsync() => _processors = await Processors.StartAsync();

    public async Task DisposeAsync() => await _processors.DisposeAsync();

    [Fact]
    public async Task Apply_Stage_SetsBothProcessorsThroughTheAdminApi()
    {
        using var client = Client("123");
        var driver = new StageDriver(client, BuiltInScenarios.Preview, new LoadClock(_time));

        await driver.ApplyAsync(BuiltInScenarios.Preview.Stages[3], CancellationToken.None);

        Assert.Equal((2000, true), (_processors.Default.State.DelayMilliseconds, _processors.Default.State.Failing));
        Assert.Equal((1000, true), (_processors.Fallback.State.DelayMilliseconds, _processors.Fallback.State.Failing));
    }

    [Fact]
    public async Task Run_VirtualClock_AppliesEachStageWhenItsTimeComes()
    {
        _processors.Default.State.DelayMilliseconds = 777;
        using var client = Client("123");
        var clock = new LoadClock(_time);
        var scenario = BuiltInScenarios.Preview with { Duration = TimeSpan.FromSeconds(15) };
        var driver = new StageDriver(client, scenario, clock);

        var run = driver.RunAsync(CancellationToken.None);
        await Eventually.HoldsAsync(() => _time.ArmedTimers == 1, "the driver waits for the first stage");
        Assert.Equal(777, _processors.Default.State.DelayMilliseconds);

        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.HoldsAsync(() => driver.Applied.Count == 1 && _time.ArmedTimers == 1, "stage 0 applied at 1 s");
        Assert.Equal(0, _processors.Default.State.DelayMilliseconds);
        _time.Advance(TimeSpan.FromSeconds(8.9));
        Assert.Equal(0, _processors.Default.State.DelayMilliseconds);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        // Stages from 20 s on lie past the 15 s duration and are never applied.
        Assert.Equal(100, _processors.Default.State.DelayMilliseconds);
        Assert.Equal([1.0, 10.0], driver.Applied.Select(a => a.AppliedAt.TotalSeconds));
    }

    [Fact]
    public async Task Apply_ProcessorRefuses_AbortsTheRun()
    {
        using var client = Client("not-the-token");
        var driver = new StageDriver(client, BuiltInScenarios.Preview, new LoadClock(_time));

        var error = await Assert.ThrowsAsync<BenchAbortedException>(() => driver.ApplyAsync(BuiltInScenarios.Preview.Stages[1], CancellationToken.None));

        Assert.Contains("HTTP 401", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetToken_SecondRunWithTheSameToken_StillSucceeds()
    {
        using var client = Client("s3cret");

        Assert.Equal(204, await client.SetTokenAsync(ProcessorRole.Default, CancellationToken.None));
        Assert.Equal(204, await client.SetTokenAsync(ProcessorRole.Default, CancellationToken.None));
        Assert.Equal(200, await client.PurgeProcessorAsync(ProcessorRole.Default, CancellationToken.None));
    }

    private TestClient Client(string token) => new(
        ServiceEndpoint.Parse("http://127.0.0.1:9"),
        ServiceEndpoint.Parse(_processors.Default.BaseAddress.AbsoluteUri),
        ServiceEndpoint.Parse(_processors.Fallback.BaseAddress.AbsoluteUri),
        token,
        TimeSpan.FromSeconds(5),
        new LoadClock(_time));
}
