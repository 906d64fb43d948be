using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PayRelay.Bench.Http;
using PayRelay.Bench.Run;

namespace PayRelay.Bench.Tests;

public class SteadyLoadTests
{
    [Fact]
    public async Task RunAsync_ConstantRate_SendsRateTimesDurationFreshPaymentsAndCountsEachStatus()
    {
        var ids = new ConcurrentDictionary<Guid, byte>();
        var count = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.MapPost("/payments", async (HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            ids.TryAdd(body.RootElement.GetProperty("correlationId").GetGuid(), 0);
            Assert.Equal(20.05m, body.RootElement.GetProperty("amount").GetDecimal());
            context.Response.StatusCode = Interlocked.Increment(ref count) % 10 == 0 ? 503 : 202;
        });
        await app.StartAsync();

        var result = await new SteadyLoad(ServiceEndpoint.Parse(app.Urls.First()), 20.05m)
            .RunAsync(200, TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(200, result.Sent);
        Assert.Equal(200, ids.Count);
        Assert.Equal(180, result.Accepted);
        Assert.Equal(180, result.Statuses[202]);
        Assert.Equal(20, result.Statuses[503]);
        Assert.True(result.P50 <= result.P99 && result.P99 <= result.P999 && result.P999 <= result.Max);
    }

    [Fact]
    public async Task RunAsync_ProcessorBody_IsAcceptedByTheEmulator()
    {
        await using var processor = await PayRelay.ProcessorEmulator.EmulatorHost.StartAsync(new PayRelay.ProcessorEmulator.EmulatorOptions());

        var result = await new SteadyLoad(ServiceEndpoint.Parse(processor.BaseAddress.ToString()), 19.90m, withRequestedAt: true)
            .RunAsync(100, TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(100, result.Accepted);
        Assert.Equal(100, processor.State.Count);
        Assert.Equal(100, processor.State.GetSummary(null, null).TotalRequests);
    }

    [Fact]
    public void Rank_ThousandSamples_TakesTheNearestRank()
    {
        var samples = Enumerable.Range(1, 1000).Select(i => (double)i).ToArray();

        Assert.Equal(500, SteadyLoad.Rank(samples, 0.50));
        Assert.Equal(990, SteadyLoad.Rank(samples, 0.99));
        Assert.Equal(999, SteadyLoad.Rank(samples, 0.999));
        Assert.Equal(0, SteadyLoad.Rank([], 0.99));
    }
}
