using System.Net;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Tests.Support;

namespace PayRelay.Server.Tests.Integration;

/// <summary>
/// The server's own HTTP/1.1 layer, seen byte by byte: keep-alive and pipelining, both body framings,
/// <c>Expect: 100-continue</c>, <c>Connection: close</c>, and what a request that is not HTTP/1.x gets.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class WireProtocolTests
{
    private static string Post(Guid id, string extraHeaders = "")
    {
        var body = TestCluster.PaymentJson(id, 19.90m);
        return $"POST /payments HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\n{extraHeaders}Content-Length: {body.Length}\r\n\r\n{body}";
    }

    [Fact]
    public async Task Pipelined_PaymentsAndAHealthCheck_AnsweredInOrderOnOneConnectionAndChargedOnce()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var connection = await RawHttpConnection.OpenAsync(cluster.SocketPath(0));
        Guid first = Guid.NewGuid(), second = Guid.NewGuid();

        await connection.SendAsync(Post(first) + Post(second) + "GET /healthz HTTP/1.1\r\nHost: api\r\n\r\n" + Post(first));

        var answers = new List<RawResponse>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await connection.ReadResponseAsync());
        }

        Assert.Equal([202, 202, 200, 202], answers.Select(a => a.Status));
        cluster.NoteAccepted(first);
        cluster.NoteAccepted(second);
        Assert.Equal("{\"status\":\"live\"}", answers[2].Body);
        Assert.All(answers, a => Assert.True(a.Headers.ContainsKey("Date")));
        Assert.All(answers, a => Assert.False(a.Headers.ContainsKey("Connection")));
        await cluster.AssertConsistentAsync();
        Assert.True(cluster.Default.State.TryGet(first, out _));
        Assert.True(cluster.Default.State.TryGet(second, out _));
        Assert.Equal(2, cluster.Default.State.Count);
        Assert.Equal(1, cluster.Instance(0).Get<DispatchCounters>().Duplicates);
    }

    [Fact]
    public async Task ChunkedPayment_SplitAcrossWrites_IsAcceptedAndCharged()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var connection = await RawHttpConnection.OpenAsync(cluster.SocketPath(0));
        var id = Guid.NewGuid();
        var body = TestCluster.PaymentJson(id, 12.34m);

        await connection.SendAsync("POST /payments HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        await connection.SendAsync($"{10:x}\r\n{body[..10]}\r\n");
        await connection.SendAsync($"{body.Length - 10:x}\r\n{body[10..]}\r\n0\r\n\r\n");

        Assert.Equal(202, (await connection.ReadResponseAsync()).Status);
        cluster.NoteAccepted(id, 12.34m);
        await cluster.AssertConsistentAsync();
        Assert.True(cluster.Default.State.TryGet(id, out var stored));
        Assert.Equal(12.34m, stored.Amount);
    }

    [Fact]
    public async Task ExpectContinue_BodyInvitedThenPaymentAccepted()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var connection = await RawHttpConnection.OpenAsync(cluster.SocketPath(0));
        var id = Guid.NewGuid();
        var body = TestCluster.PaymentJson(id, 19.90m);

        await connection.SendAsync($"POST /payments HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: {body.Length}\r\n\r\n");
        Assert.Equal(100, (await connection.ReadResponseAsync()).Status);
        await connection.SendAsync(body);

        Assert.Equal(202, (await connection.ReadResponseAsync()).Status);
        cluster.NoteAccepted(id);
        await cluster.AssertConsistentAsync();
        Assert.True(cluster.Default.State.TryGet(id, out _));
    }

    [Theory]
    [InlineData("Connection: close\r\n", false)]
    [InlineData("", true)]
    public async Task ClientAsksToClose_AnsweredWithConnectionCloseThenClosed(string header, bool http10)
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var connection = await RawHttpConnection.OpenAsync(cluster.SocketPath(0));
        var id = Guid.NewGuid();
        var request = Post(id, header);

        await connection.SendAsync(http10 ? request.Replace("HTTP/1.1", "HTTP/1.0", StringComparison.Ordinal) : request);

        var answer = await connection.ReadResponseAsync();
        Assert.Equal(202, answer.Status);
        Assert.Equal("close", answer.Headers["Connection"]);
        Assert.True(await connection.ClosedByServerAsync());
        cluster.NoteAccepted(id);
        await cluster.AssertConsistentAsync();
        Assert.Equal(1, cluster.Default.State.Count);
    }

    [Theory]
    [InlineData("HELLO\r\n\r\n", 400)]
    [InlineData("POST /payments HTTP/3.0\r\nContent-Length: 2\r\n\r\n{}", 505)]
    [InlineData("POST /payments HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{}", 413)]
    [InlineData("POST /payments HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", 400)]
    [InlineData("POST /payments HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400)]
    public async Task NotHttp11_AnsweredWithJsonErrorThenClosedAndNothingQueued(string request, int status)
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var connection = await RawHttpConnection.OpenAsync(cluster.SocketPath(0));

        await connection.SendAsync(request);

        var answer = await connection.ReadResponseAsync();
        Assert.Equal(status, answer.Status);
        Assert.Equal("application/json", answer.Headers["Content-Type"]);
        Assert.Contains("\"error\"", answer.Body, StringComparison.Ordinal);
        Assert.Equal("close", answer.Headers["Connection"]);
        Assert.True(await connection.ClosedByServerAsync());
        Assert.Equal(0, cluster.Instance(0).Get<DispatchCounters>().Accepted);
        Assert.Equal(HttpStatusCode.Accepted, await cluster.PostPaymentAsync(0, Guid.NewGuid()));
    }

    [Theory]
    [InlineData("POST /payments?source=k6 HTTP/1.1", 202)]
    [InlineData("POST /%70ayments HTTP/1.1", 202)]
    [InlineData("POST /x/../payments HTTP/1.1", 202)]
    [InlineData("GET /payments HTTP/1.1", 405)]
    [InlineData("POST /payments/ HTTP/1.1", 404)]
    [InlineData("POST /Payments HTTP/1.1", 404)]
    public async Task PaymentPath_MatchedAfterDecodingLikeAnyOtherPath(string requestLine, int status)
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var connection = await RawHttpConnection.OpenAsync(cluster.SocketPath(0));
        var id = Guid.NewGuid();
        var body = TestCluster.PaymentJson(id, 19.90m);

        await connection.SendAsync($"{requestLine}\r\nHost: api\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}");

        var answer = await connection.ReadResponseAsync();
        Assert.Equal(status, answer.Status);
        if (status == 202)
        {
            cluster.NoteAccepted(id);
        }

        await cluster.AssertConsistentAsync();
        Assert.Equal(status == 202 ? 1 : 0, cluster.Default.State.Count);
    }

    [Theory]
    [InlineData("GET /healthz HTTP/1.1", 200)]
    [InlineData("GET /healthz?from=haproxy HTTP/1.1", 200)]
    [InlineData("GET /%68ealthz HTTP/1.1", 200)]
    [InlineData("POST /healthz HTTP/1.1", 405)]
    [InlineData("DELETE /healthz HTTP/1.1", 405)]
    [InlineData("GET /healthz/ HTTP/1.1", 404)]
    public async Task HealthCheck_AsTheBalancerSendsIt_AnsweredAndClosed(string requestLine, int status)
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var connection = await RawHttpConnection.OpenAsync(cluster.SocketPath(0));

        // HAProxy's http-check: a request line, the Host the config names, and a closing connection.
        await connection.SendAsync($"{requestLine}\r\nHost: payrelay\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");

        var answer = await connection.ReadResponseAsync();
        Assert.Equal(status, answer.Status);
        Assert.Equal("application/json", answer.Headers["Content-Type"]);
        if (status == 200)
        {
            Assert.Equal("{\"status\":\"live\"}", answer.Body);
        }
        else
        {
            Assert.Contains("\"error\"", answer.Body, StringComparison.Ordinal);
        }

        Assert.Equal("close", answer.Headers["Connection"]);
        Assert.True(answer.Headers.ContainsKey("Date"));
        Assert.True(await connection.ClosedByServerAsync());
        Assert.Equal(0, cluster.Instance(0).Get<DispatchCounters>().Accepted);
    }

    [Fact]
    public async Task HealthReportFromThePeer_MalformedRefusedThenValidAppliedOnTheSameConnection()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var connection = await RawHttpConnection.OpenAsync(cluster.SocketPath(1));
        // Stamped an hour ahead, so the primary's own pushes during the test are older and do not replace it.
        var polledAt = DateTimeOffset.UtcNow.AddHours(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var report = $"[{{\"processor\":\"fallback\",\"failing\":true,\"minResponseTime\":1234,\"polledAt\":\"{polledAt}\",\"source\":\"wire-test\"}}]";

        await connection.SendAsync(HealthPost("[{") + HealthPost("[] trailing") + HealthPost(report));

        var malformed = await connection.ReadResponseAsync();
        var trailing = await connection.ReadResponseAsync();
        var applied = await connection.ReadResponseAsync();
        Assert.Equal(400, malformed.Status);
        Assert.Equal("{\"error\":\"malformed health report\"}", malformed.Body);
        Assert.Equal("application/json", malformed.Headers["Content-Type"]);
        Assert.Equal(400, trailing.Status);
        Assert.Equal(204, applied.Status);
        Assert.Equal(string.Empty, applied.Body);
        var latest = cluster.Instance(1).Get<HealthBoard>().Latest(ProcessorKind.Fallback);
        Assert.NotNull(latest);
        Assert.Equal("wire-test", latest.Source);
        Assert.True(latest.Failing);
        Assert.Equal(1234, latest.MinResponseTime);

        static string HealthPost(string body) =>
            $"POST /internal/health HTTP/1.1\r\nHost: api2\r\nContent-Type: application/json\r\nContent-Length: {System.Text.Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";
    }
}
