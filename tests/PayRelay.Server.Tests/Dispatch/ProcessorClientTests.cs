using System.Net;
using System.Text;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Net;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Dispatch;

public class ProcessorClientTests
{
    [Fact]
    public void PaymentBody_CarriesIdAmountAndRequestedAtToTheMillisecondInUtc()
    {
        var id = Guid.Parse("4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3");
        var requestedAt = new DateTimeOffset(2025, 7, 15, 12, 34, 56, 789, TimeSpan.Zero).ToUnixTimeMilliseconds();

        var body = Encoding.UTF8.GetString(ProcessorClient.PaymentBody(id, 1990, requestedAt));

        Assert.Equal("""{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":19.90,"requestedAt":"2025-07-15T12:34:56.789Z"}""", body);
    }

    [Theory]
    [InlineData("4A7901B8-7D26-4D9D-AA19-4DC1C7CF60B3")]
    [InlineData("\\u0034a7901b8-7d26-4d9d-aa19-4dc1c7cf60\\u0042\\u0033")]
    public void PaymentBody_IdSpelledOtherwiseByTheClient_ForwardedInCanonicalForm(string spelled)
    {
        var parsed = PayRelay.Server.Http.PaymentRequest.Parse(new System.Buffers.ReadOnlySequence<byte>(Encoding.UTF8.GetBytes($$"""{"correlationId":"{{spelled}}","amount":19.90}""")));
        Assert.True(parsed.IsValid, parsed.Error);

        var body = Encoding.UTF8.GetString(ProcessorClient.PaymentBody(parsed.CorrelationId, parsed.AmountCents, 0));

        Assert.StartsWith("""{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3",""", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "2025-01-02T03:04:05.006Z", "0.01")]
    [InlineData(5, "2025-12-31T23:59:59.999Z", "0.05")]
    [InlineData(100, "2000-02-29T00:00:00.000Z", "1.00")]
    [InlineData(123_456_789, "2099-10-10T10:10:10.010Z", "1234567.89")]
    public void PaymentBody_PadsEveryFieldAndKeepsTwoDecimals(long cents, string requestedAt, string amount)
    {
        var at = DateTimeOffset.Parse(requestedAt, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

        var body = Encoding.UTF8.GetString(ProcessorClient.PaymentBody(Guid.Empty, cents, at));

        Assert.Equal($$"""{"correlationId":"00000000-0000-0000-0000-000000000000","amount":{{amount}},"requestedAt":"{{requestedAt}}"}""", body);
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, AttemptOutcome.Confirmed)]
    [InlineData(HttpStatusCode.UnprocessableEntity, AttemptOutcome.AlreadyExists)]
    [InlineData(HttpStatusCode.InternalServerError, AttemptOutcome.NotStored)]
    [InlineData(HttpStatusCode.TooManyRequests, AttemptOutcome.NotStored)]
    [InlineData(HttpStatusCode.BadGateway, AttemptOutcome.NotStored)]
    [InlineData(HttpStatusCode.BadRequest, AttemptOutcome.Refused)]
    public void Classify_MapsStatusToWhatItMeansForThePayment(HttpStatusCode status, AttemptOutcome expected)
    {
        Assert.Equal(expected, ProcessorClient.Classify(status));
    }

    [Fact]
    public async Task PostAsync_ProcessorNotListening_IsNotStored()
    {
        var port = ScriptedProcessor.UnusedPort();
        using var client = new ProcessorClient(new Uri($"http://127.0.0.1:{port}"), 4, TimeSpan.FromSeconds(5));

        var outcome = await client.PostAsync(Guid.NewGuid(), 100, 0, CancellationToken.None);

        Assert.Equal(AttemptOutcome.NotStored, outcome);
    }

    [Fact]
    public async Task PostAsync_WritesOneHttp11PostWithTheBodyAndItsLength()
    {
        await using var processor = new ScriptedProcessor();
        using var client = new ProcessorClient(processor.Url, 4, TimeSpan.FromSeconds(5));
        var id = Guid.Parse("4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3");
        var requestedAt = new DateTimeOffset(2025, 7, 15, 12, 34, 56, 789, TimeSpan.Zero).ToUnixTimeMilliseconds();

        var outcome = await client.PostAsync(id, 1990, requestedAt, CancellationToken.None);

        Assert.Equal(AttemptOutcome.Confirmed, outcome);
        const string body = """{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":19.90,"requestedAt":"2025-07-15T12:34:56.789Z"}""";
        Assert.Equal(
            $"POST /payments HTTP/1.1\r\nHost: {processor.Url.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}",
            Assert.Single(processor.Requests));
    }

    [Fact]
    public async Task PostAsync_KeepAliveResponses_ReuseOneConnection()
    {
        await using var processor = new ScriptedProcessor();
        processor.Reply(false, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 31\r\n\r\n", "{\"message\":\"payment proc", "essed\"}");
        processor.Reply(false, "HTTP/1.1 422 Unprocessable Entity\r\nContent-Length: 2\r\n\r\n{}");
        processor.Reply(false, "HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\n\r\n");
        using var client = new ProcessorClient(processor.Url, 4, TimeSpan.FromSeconds(5));

        Assert.Equal(AttemptOutcome.Confirmed, await client.PostAsync(Guid.NewGuid(), 100, 0, CancellationToken.None));
        Assert.Equal(AttemptOutcome.AlreadyExists, await client.PostAsync(Guid.NewGuid(), 100, 0, CancellationToken.None));
        Assert.Equal(AttemptOutcome.NotStored, await client.PostAsync(Guid.NewGuid(), 100, 0, CancellationToken.None));

        Assert.Equal(3, processor.Requests.Count);
        Assert.Equal(1, processor.Accepted);
    }

    [Fact]
    public async Task PostAsync_ChunkedBodyWithTrailersAndInterimResponse_IsFramedAndTheConnectionReused()
    {
        await using var processor = new ScriptedProcessor();
        processor.Reply(
            false,
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
            "4;ext=1\r\n{\"a\"\r\n",
            "3\r\n:1}\r\n0\r\nX-Trailer: yes\r\n",
            "\r\n");
        processor.Reply(false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        using var client = new ProcessorClient(processor.Url, 4, TimeSpan.FromSeconds(5));

        Assert.Equal(AttemptOutcome.Confirmed, await client.PostAsync(Guid.NewGuid(), 100, 0, CancellationToken.None));
        Assert.Equal(AttemptOutcome.Confirmed, await client.PostAsync(Guid.NewGuid(), 100, 0, CancellationToken.None));

        Assert.Equal(1, processor.Accepted);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n{\"message\":\"ends with the stream\"}")]
    public async Task PostAsync_ResponseThatEndsTheConnection_IsHonouredAndTheNextAttemptConnectsAgain(string reply)
    {
        await using var processor = new ScriptedProcessor();
        processor.Reply(true, reply);
        using var client = new ProcessorClient(processor.Url, 4, TimeSpan.FromSeconds(5));

        Assert.Equal(AttemptOutcome.Confirmed, await client.PostAsync(Guid.NewGuid(), 100, 0, CancellationToken.None));
        Assert.Equal(AttemptOutcome.Confirmed, await client.PostAsync(Guid.NewGuid(), 100, 0, CancellationToken.None));

        Assert.Equal(2, processor.Accepted);
    }

    [Theory]
    [InlineData("")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort")]
    [InlineData("this is not http\r\n\r\n")]
    public async Task PostAsync_ConnectionEndsWithoutAWholeResponse_IsUnknown(string partial)
    {
        await using var processor = new ScriptedProcessor();
        processor.Reply(true, partial);
        using var client = new ProcessorClient(processor.Url, 4, TimeSpan.FromSeconds(5));

        var outcome = await client.PostAsync(Guid.NewGuid(), 100, 0, CancellationToken.None);

        Assert.Equal(AttemptOutcome.Unknown, outcome);
    }

    [Fact]
    public async Task PostAsync_NoAnswerWithinTheTimeout_IsUnknownAndTheConnectionIsNotReused()
    {
        await using var processor = new ScriptedProcessor();
        processor.Ignore();
        using var client = new ProcessorClient(processor.Url, 4, TimeSpan.FromMilliseconds(200));

        Assert.Equal(AttemptOutcome.Unknown, await client.PostAsync(Guid.NewGuid(), 100, 0, CancellationToken.None));
        Assert.Equal(AttemptOutcome.Confirmed, await client.PostAsync(Guid.NewGuid(), 100, 0, CancellationToken.None));

        Assert.Equal(2, processor.Accepted);
    }

    [Fact]
    public async Task PostAsync_ConnectionIdleLongerThanTheLimit_IsReplaced()
    {
        await using var processor = new ScriptedProcessor();
        var clock = new ManualTimeProvider();
        using var client = new ProcessorClient(processor.Url, 4, TimeSpan.FromSeconds(5), clock);

        Assert.Equal(AttemptOutcome.Confirmed, await client.PostAsync(Guid.NewGuid(), 100, 0, CancellationToken.None));
        clock.Advance(ConnectionPool.IdleLimit - TimeSpan.FromSeconds(1));
        Assert.Equal(AttemptOutcome.Confirmed, await client.PostAsync(Guid.NewGuid(), 100, 0, CancellationToken.None));
        Assert.Equal(1, processor.Accepted);
        clock.Advance(ConnectionPool.IdleLimit);
        Assert.Equal(AttemptOutcome.Confirmed, await client.PostAsync(Guid.NewGuid(), 100, 0, CancellationToken.None));

        Assert.Equal(2, processor.Accepted);
    }
}
