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

        using var load = new SteadyLoad(ServiceEndpoint.Parse(app.Urls.First()), 20.05m);
        var result = await load.RunAsync(200, TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(200, result.Sent);
        Assert.Equal(200, ids.Count);
        Assert.Equal(180, result.Accepted);
        Assert.Equal(180, result.Statuses[202]);
        Assert.Equal(20, result.Statuses[503]);
        Assert.True(result.P50 <= result.P99 && result.P99 <= result.P999 && result.P999 <= result.Max);
        Assert.Equal(200, result.Samples.Count);
        Assert.Equal(180, result.Samples.Count(s => s.Status == 202));
        // Open loop at 200/s: request i is not due before (i - 1) * 5 ms, however fast the answers come.
        for (var i = 1; i < result.Samples.Count; i++)
        {
            Assert.True(result.Samples[i].StartMs >= (i - 1) * 5.0, $"request {i} left at {result.Samples[i].StartMs} ms");
        }
    }

    [Fact]
    public async Task Write_Samples_WritesAHeaderAndOneInvariantLinePerRequest()
    {
        var path = Path.GetTempFileName();
        try
        {
            SteadyTrace.Write(path, [new SteadySample(1.5, 0.25, 202), new SteadySample(1000.0004, 1500.5, 0)]);

            Assert.Equal(["start_ms,latency_ms,status", "1.500,0.250,202", "1000.000,1500.500,0"], await File.ReadAllLinesAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task RunAsync_ProcessorBody_IsAcceptedByTheEmulator()
    {
        await using var processor = await PayRelay.ProcessorEmulator.EmulatorHost.StartAsync(new PayRelay.ProcessorEmulator.EmulatorOptions());

        using var load = new SteadyLoad(ServiceEndpoint.Parse(processor.BaseAddress.ToString()), 19.90m, withRequestedAt: true);
        var result = await load.RunAsync(100, TimeSpan.FromSeconds(1), CancellationToken.None);

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
