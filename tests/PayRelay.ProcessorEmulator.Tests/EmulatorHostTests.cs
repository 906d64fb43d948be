using System.Net;
using System.Text.Json;
using PayRelay.ProcessorEmulator.Tests.Support;

namespace PayRelay.ProcessorEmulator.Tests;

public sealed class EmulatorHostTests
{
    [Fact]
    public async Task StartAsync_TwoHosts_ListenOnDistinctEphemeralLoopbackPortsWithTheirOwnFees()
    {
        await using var main = await EmulatorHost.StartAsync(new EmulatorOptions());
        await using var fallback = await EmulatorHost.StartAsync(new EmulatorOptions { TransactionFee = 0.15m });

        Assert.Equal("127.0.0.1", main.BaseAddress.Host);
        Assert.NotEqual(0, main.BaseAddress.Port);
        Assert.NotEqual(main.BaseAddress.Port, fallback.BaseAddress.Port);
        Assert.EndsWith("/", main.BaseAddress.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(0.05m, main.State.GetSummary(null, null).FeePerTransaction);
        Assert.Equal(0.15m, fallback.State.GetSummary(null, null).FeePerTransaction);
    }

    [Fact]
    public async Task State_SwitchesSetInProcess_AreWhatTheHealthEndpointReports()
    {
        await using var processor = await TestProcessor.StartAsync();
        processor.State.DelayMilliseconds = 42;
        processor.State.Failing = true;

        using var response = await processor.Http.GetAsync("payments/service-health");

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("failing").GetBoolean());
        Assert.Equal(42, body.RootElement.GetProperty("minResponseTime").GetInt32());
    }

    [Fact]
    public async Task State_PurgeAndTryGet_SeeWhatWasPostedOverHttp()
    {
        await using var processor = await TestProcessor.StartAsync();
        var id = Guid.NewGuid();
        using var paid = await processor.PostPaymentAsync(id);

        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.True(processor.State.TryGet(id, out _));
        processor.State.Purge();
        Assert.Equal(0, processor.State.Count);
        using var lookup = await processor.Http.GetAsync($"payments/{id}");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public void DelayMilliseconds_Negative_IsRejected()
    {
        var state = new EmulatorState(new EmulatorOptions());

        Assert.Throws<ArgumentOutOfRangeException>(() => state.DelayMilliseconds = -1);
    }
}
