using Microsoft.Extensions.Configuration;
using PayRelay.Server.Configuration;

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
}
