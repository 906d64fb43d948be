using Microsoft.Extensions.Logging;
using PayRelay.Server.Tests.Integration;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Http.Wire;

/// <summary>
/// What hostile clients can make an instance hold (issue 17): idle and refused connections hold no buffer, a stalled
/// request one, and past <c>MAX_CONNECTIONS</c> a connection is answered 503 and closed. Counted in the server's buffer
/// pool, not timed.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class WireMemoryTests
{
    private const string Host = "Host: t\r\nContent-Type: application/json\r\n";

    [Fact]
    public async Task IdleConnections_AfterTheirAnswers_HoldNoBuffer()
    {
        await using var host = await WireHost.StartAsync();
        var connections = await OpenAsync(host, 40);

        foreach (var connection in connections)
        {
            await connection.SendAsync("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
            Assert.Equal(200, (await connection.ReadResponseAsync()).Status);
        }

        await Eventually.HoldsAsync(() => host.Server.BufferPool.Outstanding == 0, "every idle connection to give its buffers back");
        Assert.Equal(40, host.Server.OpenConnections);
        await DisposeAllAsync(connections);
    }

    [Fact]
    public async Task OversizedPaymentsThenStalled_413AtOnceAndNothingHeldWhileTheyStall()
    {
        await using var host = await WireHost.StartAsync();
        var connections = await OpenAsync(host, 200);

        // The probe's shape: a 60 KB payment's head and the first 16 KB of its body, then nothing.
        var part = $"POST /payments HTTP/1.1\r\n{Host}Content-Length: 61440\r\n\r\n" + new string('x', 16 * 1024);
        foreach (var connection in connections)
        {
            await connection.SendAsync(part);
        }

        foreach (var connection in connections)
        {
            var answer = await connection.ReadResponseAsync();
            Assert.Equal(413, answer.Status);
            Assert.Equal("{\"error\":\"the body is larger than 4096 bytes\"}", answer.Body);
        }

        await Eventually.HoldsAsync(() => host.Server.BufferPool.Outstanding == 0, "the refused connections to hold no buffer while their clients stall");
        Assert.InRange(host.Server.BufferPool.RetainedBytes, 0, host.Server.BufferPool.MaxRetainedBytes);
        await Eventually.HoldsAsync(
            () =>
            {
                host.Time.Advance(TimeSpan.FromSeconds(1));
                return host.Server.OpenConnections == 0;
            },
            "the server to close every refused connection once its linger passes");
        await DisposeAllAsync(connections);
    }

    [Fact]
    public async Task PartialPaymentsStalled_OneSmallBufferEachGivenBackWhenTheyClose()
    {
        await using var host = await WireHost.StartAsync();
        var connections = await OpenAsync(host, 100);

        foreach (var connection in connections)
        {
            await connection.SendAsync($"POST /payments HTTP/1.1\r\n{Host}Content-Length: 4000\r\n\r\n" + new string(' ', 1000));
        }

        await Eventually.HoldsAsync(() => host.Server.BufferPool.Outstanding == 100, "each stalled request to hold one buffer");
        await DisposeAllAsync(connections);
        await Eventually.HoldsAsync(() => host.Server.BufferPool.Outstanding == 0 && host.Server.OpenConnections == 0, "the buffers back once the clients leave");
        Assert.InRange(host.Server.BufferPool.RetainedBytes, 0, host.Server.BufferPool.MaxRetainedBytes);
    }

    [Fact]
    public async Task MaxConnections_OneMore_Answered503AndClosedThenServedOnceOneLeaves()
    {
        await using var host = await WireHost.StartAsync(o => o with { MaxConnections = 4 });
        var served = await OpenAsync(host, 4);
        foreach (var connection in served)
        {
            await connection.SendAsync("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
            Assert.Equal(200, (await connection.ReadResponseAsync()).Status);
        }

        for (var i = 0; i < 3; i++)
        {
            await using var extra = await host.ConnectAsync();
            await extra.SendAsync("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
            var busy = await extra.ReadResponseAsync();
            Assert.Equal(503, busy.Status);
            Assert.Equal("close", busy.Headers["Connection"]);
            Assert.Equal("1", busy.Headers["Retry-After"]);
            Assert.Contains("\"error\"", busy.Body, StringComparison.Ordinal);
            Assert.True(await extra.ClosedByServerAsync());
        }

        Assert.Single(host.Logs.Lines, l => l.EventId.Id == 1702);
        await served[0].DisposeAsync();
        await Eventually.HoldsAsync(() => host.Server.OpenConnections == 3, "the server to let the connection go");
        await using var next = await host.ConnectAsync();
        await next.SendAsync("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
        Assert.Equal(200, (await next.ReadResponseAsync()).Status);
        await DisposeAllAsync(served[1..]);
    }

    [Fact]
    public async Task MalformedRequests_OneLogLineASecondWithoutAStackTrace()
    {
        await using var host = await WireHost.StartAsync();

        for (var i = 0; i < 5; i++)
        {
            await RefusedAsync(host);
        }

        Assert.Single(host.Logs.Lines, l => l.EventId.Id == 1701);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        await RefusedAsync(host);

        var lines = host.Logs.Lines.Where(l => l.EventId.Id == 1701).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("400", lines[0].Message, StringComparison.Ordinal);
        Assert.Contains("escaped control character", lines[0].Message, StringComparison.Ordinal);
        Assert.Contains("4 more", lines[1].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Exception is not null || l.Level >= LogLevel.Error);
    }

    private static async Task RefusedAsync(WireHost host)
    {
        await using var connection = await host.ConnectAsync();
        await connection.SendAsync("GET /%00 HTTP/1.1\r\nHost: t\r\n\r\n");
        Assert.Equal(400, (await connection.ReadResponseAsync()).Status);
    }

    private static async Task<RawHttpConnection[]> OpenAsync(WireHost host, int count)
    {
        var connections = new RawHttpConnection[count];
        for (var i = 0; i < count; i++)
        {
            connections[i] = await host.ConnectAsync();
        }

        return connections;
    }

    private static async Task DisposeAllAsync(IEnumerable<RawHttpConnection> connections)
    {
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }
}
