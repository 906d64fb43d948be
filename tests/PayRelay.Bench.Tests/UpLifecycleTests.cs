using System.Net;
using System.Net.Sockets;
using PayRelay.Bench.Tests.Support;

namespace PayRelay.Bench.Tests;

[Collection(LoadCollection.Name)]
public class UpLifecycleTests
{
    [SkippableFact]
    public async Task Up_SigTerm_StopsEverythingItStartedAndFreesThePorts()
    {
        await using var up = UpProcess.Start();
        await up.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        var sockets = up.Instances.Select(i => i.UnixSocketPath!).ToList();
        Assert.Equal(2, sockets.Count);
        Assert.All(sockets, s => Assert.True(File.Exists(s), $"{s} missing"));
        Assert.True(UpProcess.Accepts(up.Port) && UpProcess.Accepts(up.DefaultPort) && UpProcess.Accepts(up.FallbackPort));
        Assert.Contains("cost 390+370 us CPU per payment", up.Output, StringComparison.Ordinal);

        var exit = await up.StopAsync(TimeSpan.FromSeconds(40));

        Assert.Equal(0, exit);
        Assert.False(UpProcess.Accepts(up.Port), "the balancer still listens");
        Assert.False(UpProcess.Accepts(up.DefaultPort), "the default processor still listens");
        Assert.False(UpProcess.Accepts(up.FallbackPort), "the fallback processor still listens");
        Assert.All(sockets, s => Assert.False(Directory.Exists(Path.GetDirectoryName(s)), "the socket directory is left behind"));
        Assert.Contains("api1 exited", up.Output, StringComparison.Ordinal);
        Assert.Contains("api2 exited", up.Output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Up_PortAlreadyInUse_SaysSoAndStartsNothing()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        await using var up = UpProcess.Start("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var exit = await up.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, exit);
        Assert.Contains($"port {port} is already in use", up.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("started", up.Output, StringComparison.Ordinal);
    }
}
