using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PayRelay.Server.Configuration;
using PayRelay.Server.Tests.Support;

namespace PayRelay.Server.Tests.Hosting;

/// <summary>How <see cref="ServerApp"/> composes an instance, beyond what the endpoints show.</summary>
public sealed class ServerAppTests
{
    [Fact]
    public async Task Build_WatchesNoConfigurationFile()
    {
        await using var app = ServerApp.Build(["--urls", "http://127.0.0.1:0"], new ServerOptions { InstanceId = "api1" }, TimeProvider.System);

        var sources = ((IConfigurationBuilder)app.Configuration).Sources;
        Assert.NotEmpty(sources);
        Assert.DoesNotContain(sources, source => source is FileConfigurationSource { ReloadOnChange: true });
    }

    [Fact]
    public async Task Build_StillReadsTheCommandLine()
    {
        await using var app = ServerApp.Build(["--urls", "http://127.0.0.1:0"], new ServerOptions { InstanceId = "api1" }, TimeProvider.System);

        Assert.Equal("http://127.0.0.1:0", app.Configuration["urls"]);
    }

    [Theory]
    [InlineData("150", 1)]
    [InlineData(null, 0)]
    public async Task Start_RetiredDispatchRateSet_WarnsOnceThatItIsIgnored(string? rate, int warnings)
    {
        var options = ServerOptionsEnvironment.Read(name => name == "MAX_DISPATCH_PER_SECOND" ? rate : null) with
        {
            InstanceId = "api1",
            DefaultProcessorUrl = new Uri("http://127.0.0.1:9"),
            FallbackProcessorUrl = new Uri("http://127.0.0.1:9"),
        };
        await using var app = ServerApp.Build(["--urls", "http://127.0.0.1:0"], options, TimeProvider.System);
        using var logs = new CapturedLogs();
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);

        await app.StartAsync();
        await app.StopAsync();

        var ignored = logs.Lines.Where(l => l.EventId.Id == 30).ToList();
        Assert.Equal(warnings, ignored.Count);
        Assert.All(ignored, l =>
        {
            Assert.Equal(LogLevel.Warning, l.Level);
            Assert.Contains("MAX_DISPATCH_PER_SECOND", l.Message);
            Assert.Contains("DISPATCH_MAX_CONCURRENCY", l.Message);
        });
    }
}
