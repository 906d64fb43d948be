using System.Net;
using System.Net.Http.Json;
using System.Text;
using PayRelay.Bench.Floor;
using PayRelay.Bench.Http;
using PayRelay.ProcessorEmulator;
using PayRelay.Testing;

namespace PayRelay.Bench.Tests;

public sealed class MinimalRelayTests : IAsyncLifetime
{
    private readonly string _socket = Path.Combine(Path.GetTempPath(), $"payrelay-relay-{Guid.NewGuid():N}.sock");
    private EmulatorHost _processor = null!;
    private MinimalRelay _relay = null!;
    private HttpMessageInvoker _client = null!;

    public async Task InitializeAsync()
    {
        _processor = await EmulatorHost.StartAsync(new EmulatorOptions());
        _relay = MinimalRelay.Start(_socket, _processor.BaseAddress);
        _client = BenchHttp.CreateInvoker(ServiceEndpoint.Parse("http://unix:" + _socket), TimeSpan.FromSeconds(5));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _relay.DisposeAsync();
        await _processor.DisposeAsync();
        File.Delete(_socket);
    }

    [Fact]
    public async Task Payment_AnsweredAcceptedAndPostedToTheProcessorWithItsIdAmountAndAStampOfNow()
    {
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        var before = DateTimeOffset.UtcNow.AddMilliseconds(-1);

        for (var i = 0; i < ids.Length; i++)
        {
            var status = await PostAsync($$"""{"correlationId":"{{ids[i]}}","amount":{{i + 1}}9.90}""");
            Assert.Equal(HttpStatusCode.Accepted, status);
        }

        await Eventually.HoldsAsync(() => _relay.Relayed == 3, "the processor confirmed all three");
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.True(_processor.State.TryGet(ids[i], out var stored), $"payment {i} reached the processor");
            Assert.Equal(10 * (i + 1) + 9.90m, stored.Amount);
            Assert.InRange(stored.RequestedAt, before, DateTimeOffset.UtcNow);
        }

        Assert.Equal(0, _relay.Failed);
    }

    [Fact]
    public async Task BodyWithoutACorrelationId_IsAcceptedButNothingReachesTheProcessor()
    {
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync("""{"amount":19.90}"""));
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync("not json"));

        await Eventually.HoldsAsync(() => _relay.Failed == 2, "both were counted as failed");
        Assert.Equal(0, _processor.State.Count);
    }

    [Theory]
    [InlineData("GET", "healthz", HttpStatusCode.OK)]
    [InlineData("GET", "payments-summary", HttpStatusCode.OK)]
    [InlineData("GET", "payments-summary?from=2025-07-15T12:00:00.000Z&to=2025-07-15T12:01:00.000Z", HttpStatusCode.OK)]
    [InlineData("POST", "purge-payments", HttpStatusCode.OK)]
    [InlineData("GET", "status", HttpStatusCode.NotFound)]
    [InlineData("GET", "payments-summaryx", HttpStatusCode.NotFound)]
    public async Task OtherRequests_WhatABenchRunCallsIsOkAndTheRestNotFound(string method, string path, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "http://relay/" + path);

        using var response = await _client.SendAsync(request, CancellationToken.None);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Summary_IsZerosInTheBackendsShape()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://relay/payments-summary");
        using var response = await _client.SendAsync(request, CancellationToken.None);

        var summary = await response.Content.ReadFromJsonAsync(WireJsonContext.Default.BackendSummary);

        Assert.Equal(BackendSummary.Empty, summary);
    }

    [Theory]
    [InlineData("POST /payments HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody", true, 59)]
    [InlineData("POST /payments HTTP/1.1\r\nhost: x\r\ncontent-length:  4 \r\n\r\nbodyPOST", true, 61)]
    [InlineData("POST /payments HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbo", false, 59)]
    [InlineData("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", true, 34)]
    [InlineData("GET /healthz HTTP/1.1\r\nHost: x\r\n", false, 0)]
    public void TryFrame_FindsWhereTheFirstRequestEnds(string data, bool whole, int total)
    {
        var framed = MinimalRelay.TryFrame(Encoding.ASCII.GetBytes(data), out _, out var length);

        Assert.Equal(whole, framed);
        Assert.Equal(total, length);
    }

    private async Task<HttpStatusCode> PostAsync(string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://relay/payments")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        using var response = await _client.SendAsync(request, CancellationToken.None);
        return response.StatusCode;
    }
}
