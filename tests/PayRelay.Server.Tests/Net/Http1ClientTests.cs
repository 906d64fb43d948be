using System.Text;
using PayRelay.Server.Net;
using PayRelay.Server.Tests.Support;

namespace PayRelay.Server.Tests.Net;

public class Http1ClientTests
{
    [Fact]
    public async Task SendAsync_Get_ReturnsStatusAndTheWholeBodyWhateverItsFraming()
    {
        await using var server = new ScriptedProcessor();
        server.Reply(false, "HTTP/1.1 200 OK\r\nContent-Length: 37\r\n\r\n", "{\"failing\":false,", "\"minResponseTime\":7}");
        server.Reply(false, "HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n", "2\r\n1}\r\n0\r\n\r\n");
        using var client = new Http1Client(server.Url.ToString(), TimeSpan.FromSeconds(5), TimeProvider.System);

        var first = await client.SendAsync("GET", "payments/service-health", ReadOnlyMemory<byte>.Empty, CancellationToken.None);
        var second = await client.SendAsync("GET", "/internal/health", ReadOnlyMemory<byte>.Empty, CancellationToken.None);

        Assert.Equal(200, first.Status);
        Assert.True(first.IsSuccess);
        Assert.Equal("{\"failing\":false,\"minResponseTime\":7}", Encoding.UTF8.GetString(first.Body.Span));
        Assert.Equal(503, second.Status);
        Assert.False(second.IsSuccess);
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(second.Body.Span));
        Assert.Equal(1, server.Accepted);
        Assert.StartsWith($"GET /payments/service-health HTTP/1.1\r\nHost: {server.Url.Authority}\r\nContent-Length: 0\r\n\r\n", server.Requests[0], StringComparison.Ordinal);
        Assert.StartsWith("GET /internal/health HTTP/1.1\r\n", server.Requests[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_PostWithJson_SendsTypeLengthAndBody()
    {
        await using var server = new ScriptedProcessor();
        using var client = new Http1Client(server.Url.ToString(), TimeSpan.FromSeconds(5), TimeProvider.System);

        var response = await client.SendAsync("POST", "internal/health", "[{\"x\":1}]"u8.ToArray(), CancellationToken.None);

        Assert.Equal(200, response.Status);
        Assert.Equal(
            $"POST /internal/health HTTP/1.1\r\nHost: {server.Url.Authority}\r\nContent-Length: 9\r\nContent-Type: application/json\r\n\r\n[{{\"x\":1}}]",
            Assert.Single(server.Requests));
    }

    [Fact]
    public async Task SendAsync_NobodyListening_ThrowsHttp1Exception()
    {
        var port = ScriptedProcessor.UnusedPort();
        using var client = new Http1Client($"http://127.0.0.1:{port}", TimeSpan.FromSeconds(5), TimeProvider.System);

        await Assert.ThrowsAsync<Http1Exception>(() => client.SendAsync("GET", "status", ReadOnlyMemory<byte>.Empty, CancellationToken.None));
    }

    [Fact]
    public async Task SendAsync_ConnectionClosedMidAnswer_ThrowsHttp1ExceptionAndTheNextCallConnectsAgain()
    {
        await using var server = new ScriptedProcessor();
        server.Reply(true, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort");
        using var client = new Http1Client(server.Url.ToString(), TimeSpan.FromSeconds(5), TimeProvider.System);

        await Assert.ThrowsAsync<Http1Exception>(() => client.SendAsync("GET", "status", ReadOnlyMemory<byte>.Empty, CancellationToken.None));
        var next = await client.SendAsync("GET", "status", ReadOnlyMemory<byte>.Empty, CancellationToken.None);

        Assert.Equal(200, next.Status);
        Assert.Equal(2, server.Accepted);
    }

    [Fact]
    public async Task SendAsync_NoAnswerBeforeTheDeadline_IsCancelled()
    {
        await using var server = new ScriptedProcessor();
        server.Ignore();
        using var client = new Http1Client(server.Url.ToString(), TimeSpan.FromMilliseconds(200), TimeProvider.System);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync("GET", "status", ReadOnlyMemory<byte>.Empty, CancellationToken.None));
    }

    [Theory]
    [InlineData("http://unix:/tmp/api1.sock", true, "/tmp/api1.sock")]
    [InlineData("HTTP://UNIX:/sockets/api2.sock", true, "/sockets/api2.sock")]
    [InlineData("http://unix:", false, "")]
    [InlineData("http://api2:8080", false, "")]
    public void TryUnixSocketPath_RecognisesKestrelsUnixUrls(string url, bool expected, string path)
    {
        Assert.Equal(expected, Http1Client.TryUnixSocketPath(url, out var found));
        Assert.Equal(path, found);
    }
}
