using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using PayRelay.Server.Configuration;
using PayRelay.Server.Http.Wire;
using PayRelay.Server.Tests.Integration;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Http.Wire;

/// <summary>The server that binds the <c>--urls</c> and accepts connections in Kestrel's place.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class WireServerTests : IDisposable
{
    private readonly string _socket = Path.Combine(Path.GetTempPath(), $"payrelay-ws-{Guid.NewGuid():N}.sock");

    public void Dispose() => File.Delete(_socket);

    [Theory]
    [InlineData("http://127.0.0.1:8080", "127.0.0.1:8080")]
    [InlineData("http://127.0.0.1:8080/", "127.0.0.1:8080")]
    [InlineData("http://[::1]:9000", "[::1]:9000")]
    [InlineData("http://0.0.0.0:80", "0.0.0.0:80")]
    [InlineData("HTTP://127.0.0.2:0", "127.0.0.2:0")]
    [InlineData("http://localhost:0", "127.0.0.1:0")]
    [InlineData("http://unix:/tmp/api1.sock", "/tmp/api1.sock")]
    public void EndPoints_Url_TheAddressKestrelWouldBind(string url, string first)
    {
        Assert.Equal(first, WireServer.EndPoints(url)[0].ToString());
    }

    [Theory]
    [InlineData("http://*:8080")]
    [InlineData("http://+:8080")]
    [InlineData("http://api1:8080")]
    public void EndPoints_WildcardOrName_EveryInterface(string url)
    {
        var endpoint = Assert.IsType<IPEndPoint>(Assert.Single(WireServer.EndPoints(url)));
        Assert.Equal(8080, endpoint.Port);
        Assert.True(endpoint.Address.Equals(IPAddress.IPv6Any) || endpoint.Address.Equals(IPAddress.Any));
    }

    [Fact]
    public void EndPoints_LocalhostOnAFixedPort_BothLoopbacksWhereIPv6Is()
    {
        var endpoints = WireServer.EndPoints("http://localhost:5000");
        Assert.Equal(IPAddress.Loopback, Assert.IsType<IPEndPoint>(endpoints[0]).Address);
        Assert.Equal(Socket.OSSupportsIPv6 ? 2 : 1, endpoints.Count);
    }

    [Theory]
    [InlineData("https://127.0.0.1:8443", "plain http://")]
    [InlineData("http://127.0.0.1", "no port")]
    [InlineData("http://127.0.0.1:99999", "no port")]
    [InlineData("http://127.0.0.1:8080/api", "no path")]
    [InlineData("127.0.0.1:8080", "plain http://")]
    public void EndPoints_Unservable_RefusedSayingWhy(string url, string why)
    {
        var error = Assert.Throws<InvalidOperationException>(() => WireServer.EndPoints(url));
        Assert.Contains(url, error.Message);
        Assert.Contains(why, error.Message);
    }

    [Fact]
    public async Task Start_OnAFreePort_ReportsTheBoundPortAndServesIt()
    {
        await using var host = await ServerHost.StartAsync(Options());

        Assert.Equal("127.0.0.1", host.BaseAddress.Host);
        Assert.NotEqual(0, host.BaseAddress.Port);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("healthz")).StatusCode);
    }

    [Fact]
    public async Task Start_LocalhostWhoseIPv6LoopbackIsTaken_ServesOnIPv4()
    {
        using var blocker = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = false };
        blocker.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        blocker.Listen(1);
        var port = ((IPEndPoint)blocker.LocalEndPoint!).Port;

        await using var host = await ServerHost.StartAsync(Options(), $"http://localhost:{port}");

        Assert.Equal(new Uri($"http://127.0.0.1:{port}/"), host.BaseAddress);
        Assert.Single(host.Get<IServer>().Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("healthz")).StatusCode);
    }

    [Fact]
    public async Task Start_StaleSocketFileLeftByADeadProcess_ReplacesItAndServes()
    {
        // A socket's owner removes its file when it closes; one moved away first stays, as a crashed process leaves it.
        using (var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            dead.Bind(new UnixDomainSocketEndPoint(_socket + ".bound"));
            File.Move(_socket + ".bound", _socket);
        }

        Assert.True(File.Exists(_socket));
        await using var host = await ServerHost.StartAsync(Options(), "http://unix:" + _socket);

        await using var connection = await RawHttpConnection.OpenAsync(_socket);
        await connection.SendAsync("GET /healthz HTTP/1.1\r\nHost: api\r\n\r\n");
        Assert.Equal(200, (await connection.ReadResponseAsync()).Status);
    }

    [Fact]
    public async Task Start_SocketAnotherProcessListensOn_FailsAndLeavesItAlone()
    {
        using var other = new SilentPeer(_socket);

        var error = await Assert.ThrowsAsync<IOException>(() => ServerHost.StartAsync(Options(), "http://unix:" + _socket));

        Assert.Contains("another process is listening", error.Message);
        Assert.True(File.Exists(_socket));
    }

    [Fact]
    public async Task Start_AFileThatIsNoSocket_FailsAndLeavesItAlone()
    {
        await File.WriteAllTextAsync(_socket, "not a socket");

        await Assert.ThrowsAsync<IOException>(() => ServerHost.StartAsync(Options(), "http://unix:" + _socket));

        Assert.Equal("not a socket", await File.ReadAllTextAsync(_socket));
    }

    [Fact]
    public async Task Stop_IdleKeepAliveConnection_ClosedAtOnceAndTheSocketFileRemoved()
    {
        var host = await ServerHost.StartAsync(Options(), "http://unix:" + _socket);
        await using var connection = await RawHttpConnection.OpenAsync(_socket);
        await connection.SendAsync("GET /healthz HTTP/1.1\r\nHost: api\r\n\r\n");
        Assert.Equal(200, (await connection.ReadResponseAsync()).Status);

        await host.Get<IServer>().StopAsync(CancellationToken.None).WithinDeadline("the server to stop", TimeSpan.FromSeconds(5));

        Assert.True(await connection.ClosedByServerAsync());
        Assert.False(File.Exists(_socket));
        await host.DisposeAsync();
    }

    [Fact]
    public async Task Stop_DeadlinePassedWhileARequestIsHandled_ClosesItsConnectionWithoutAnAnswer()
    {
        // The summary waits for a peer that never answers (for up to its 30 s timeout): the connection is busy.
        using var peer = new SilentPeer(_socket + ".peer");
        var options = Options() with { PeerUrl = peer.Url, PeerTimeout = TimeSpan.FromSeconds(30) };
        var host = await ServerHost.StartAsync(options, "http://unix:" + _socket);
        await using var connection = await RawHttpConnection.OpenAsync(_socket);
        await connection.SendAsync("GET /payments-summary HTTP/1.1\r\nHost: api\r\n\r\n");
        var answer = connection.ReadResponseAsync();
        Assert.False(answer.IsCompleted);

        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await host.Get<IServer>().StopAsync(deadline.Token).WithinDeadline("the server to give up on the connection", TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<IOException>(() => answer);
        await host.DisposeAsync();
    }

    private static ServerOptions Options()
    {
        var nowhere = new Uri($"http://127.0.0.1:{ScriptedProcessor.UnusedPort()}");
        return new ServerOptions { DefaultProcessorUrl = nowhere, FallbackProcessorUrl = nowhere, InstanceId = "wire-server" };
    }
}
