using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PayRelay.Bench.Http;
using PayRelay.Bench.Run;
using PayRelay.Bench.Scenarios;
using PayRelay.Bench.Tests.Support;

namespace PayRelay.Bench.Tests;

public sealed class BenchAbortTests : IAsyncLifetime
{
    private WebApplication _processor = null!;
    private ServiceEndpoint _endpoint = null!;

    public async Task InitializeAsync()
    {
        // A processor whose admin API takes the token and the purge but refuses to change its delay.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _processor = builder.Build();
        _processor.MapPut("/admin/configurations/token", () => Results.NoContent());
        _processor.MapPost("/admin/purge-payments", () => Results.Ok());
        _processor.MapPut("/admin/configurations/delay", () => Results.StatusCode(500));
        _processor.MapPost("/payments", () => Results.Ok());
        await _processor.StartAsync();
        _endpoint = ServiceEndpoint.Parse(_processor.Urls.First());
    }

    public async Task DisposeAsync() => await _processor.DisposeAsync();

    [Fact]
    public async Task Run_StageCannotBeApplied_AbortsWithTheReason()
    {
        await using var backend = await FakeBackend.StartAsync(new Uri(_endpoint.BaseAddress.AbsoluteUri), new FakeFaults());
        var scenario = BuiltInScenarios.Preview.Scaled(0.1) with { MaxUsers = 5 };
        var settings = new BenchSettings
        {
            Scenario = scenario,
            Backend = ServiceEndpoint.Parse(backend.BaseAddress.AbsoluteUri),
            DefaultProcessor = _endpoint,
            FallbackProcessor = _endpoint,
        };

        var error = await Assert.ThrowsAsync<BenchAbortedException>(() => new BenchRunner(settings).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains("delay of the default processor answered HTTP 500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ProcessorsUnreachable_AbortsInSetup()
    {
        var settings = new BenchSettings
        {
            Scenario = BuiltInScenarios.Preview,
            Backend = _endpoint,
            DefaultProcessor = ServiceEndpoint.Parse("http://127.0.0.1:9"),
            FallbackProcessor = _endpoint,
        };

        var error = await Assert.ThrowsAsync<BenchAbortedException>(() => new BenchRunner(settings).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains("token of the default processor at http://127.0.0.1:9", error.Message, StringComparison.Ordinal);
    }
}
