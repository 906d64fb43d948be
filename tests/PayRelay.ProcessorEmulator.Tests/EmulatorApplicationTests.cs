using Microsoft.Extensions.Configuration;

namespace PayRelay.ProcessorEmulator.Tests;

public sealed class EmulatorApplicationTests
{
    [Fact]
    public async Task Create_WatchesNoConfigurationFile()
    {
        var (app, _) = EmulatorApplication.Create(["--urls", "http://127.0.0.1:0"], new EmulatorOptions(), listenOnOptionsUrl: false);
        await using (app)
        {
            var sources = ((IConfigurationBuilder)app.Configuration).Sources;
            Assert.NotEmpty(sources);
            Assert.DoesNotContain(sources, source => source is FileConfigurationSource { ReloadOnChange: true });
            Assert.Equal("http://127.0.0.1:0", app.Configuration["urls"]);
        }
    }
}
