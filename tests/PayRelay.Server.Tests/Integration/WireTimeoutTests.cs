using PayRelay.Server.Configuration;
using PayRelay.Server.Http.Wire;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Integration;

/// <summary>The server's heartbeat drives the wire layer's timeouts, on the instance's clock.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class WireTimeoutTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private readonly string _socket = Path.Combine(Path.GetTempPath(), $"payrelay-wire-{Guid.NewGuid():N}.sock");
    private ServerHost? _host;

    public async Task InitializeAsync()
    {
        var nowhere = new Uri($"http://127.0.0.1:{ScriptedProcessor.UnusedPort()}");
        var options = new ServerOptions { DefaultProcessorUrl = nowhere, FallbackProcessorUrl = nowhere, InstanceId = "wire" };
        _host = await ServerHost.StartAsync(options, "http://unix:" + _socket, _time);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        File.Delete(_socket);
    }

    [Fact]
    public async Task PartRequest_NotWholeWithinRequestTimeout_Answered408ThenClosed()
    {
        await using var connection = await RawHttpConnection.OpenAsync(_socket);
        await connection.SendAsync("POST /payments HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\n");
        var answer = connection.ReadResponseAsync();

        // The server stamps the request when it reads its first bytes: keep moving the clock until a heartbeat sees it late.
        await Eventually.HoldsAsync(
            () =>
            {
                _time.Advance(ConnectionWatch.RequestTimeout);
                return answer.IsCompleted;
            },
            "a 408 for the part request");

        Assert.Equal(408, (await answer).Status);
        Assert.Equal("close", (await answer).Headers["Connection"]);
        Assert.True(await connection.ClosedByServerAsync());
    }

    [Fact]
    public async Task IdleConnection_PastKeepAliveTimeout_ClosedWithoutAnAnswer()
    {
        await using var connection = await RawHttpConnection.OpenAsync(_socket);
        await connection.SendAsync("GET /healthz HTTP/1.1\r\nHost: api\r\n\r\n");
        Assert.Equal(200, (await connection.ReadResponseAsync()).Status);
        var closed = connection.ClosedByServerAsync();

        await Eventually.HoldsAsync(
            () =>
            {
                _time.Advance(ConnectionWatch.KeepAliveTimeout);
                return closed.IsCompleted;
            },
            "the idle connection closed");

        Assert.True(await closed);
    }
}
