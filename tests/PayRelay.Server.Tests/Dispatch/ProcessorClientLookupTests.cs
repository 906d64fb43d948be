using System.Text;
using PayRelay.ProcessorEmulator;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Tests.Support;

namespace PayRelay.Server.Tests.Dispatch;

/// <summary>
/// <c>GET /payments/{id}</c> (spec §2: 200 with the payment, 404 unknown, 400 not a UUID), asked of a processor before a
/// payment taken over pinned is re-sent: found with the exact amount and requestedAt it holds, or not found, or unknown.
/// </summary>
public sealed class ProcessorClientLookupTests
{
    private static readonly Guid Id = Guid.Parse("4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3");
    private static readonly long RequestedAt = new DateTimeOffset(2025, 7, 15, 12, 34, 56, 789, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public async Task LookupAsync_PaymentPostedToTheEmulator_FoundWithItsAmountAndRequestedAt()
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var client = new ProcessorClient(emulator.BaseAddress, 4, TimeSpan.FromSeconds(5));
        Assert.Equal(AttemptOutcome.Confirmed, await client.PostAsync(Id, 2005, RequestedAt, CancellationToken.None));

        var result = await client.LookupAsync(Id, CancellationToken.None);

        Assert.Equal(LookupResult.Found(2005, RequestedAt), result);
    }

    [Fact]
    public async Task LookupAsync_AmountBeyondADoublesPrecision_ExactToTheCent()
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var client = new ProcessorClient(emulator.BaseAddress, 4, TimeSpan.FromSeconds(5));
        // 2^53 + 1 cents: a double holds 9007199254740992, so only a decimal (or integer) parse gets it right.
        Assert.True(emulator.State.TryStore(Id, 90_071_992_547_409.93m, DateTimeOffset.FromUnixTimeMilliseconds(RequestedAt)));

        var result = await client.LookupAsync(Id, CancellationToken.None);

        Assert.Equal(LookupResult.Found(9_007_199_254_740_993, RequestedAt), result);
    }

    [Fact]
    public async Task LookupAsync_IdTheEmulatorDoesNotHold_NotFound()
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var client = new ProcessorClient(emulator.BaseAddress, 4, TimeSpan.FromSeconds(5));
        Assert.True(emulator.State.TryStore(Guid.NewGuid(), 19.90m, DateTimeOffset.UtcNow));

        Assert.Equal(LookupResult.NotFound, await client.LookupAsync(Id, CancellationToken.None));
        // The connection carries on: a 404 is a whole answer.
        Assert.Equal(AttemptOutcome.Confirmed, await client.PostAsync(Id, 1990, RequestedAt, CancellationToken.None));
        Assert.Equal(LookupResult.Found(1990, RequestedAt), await client.LookupAsync(Id, CancellationToken.None));
    }

    [Fact]
    public async Task LookupAsync_EmulatorFailing_StillAnswersFromItsStore()
    {
        // The emulator fails POSTs only; the spec says nothing of lookups while failing, and this is what it does.
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var client = new ProcessorClient(emulator.BaseAddress, 4, TimeSpan.FromSeconds(5));
        Assert.True(emulator.State.TryStore(Id, 19.90m, DateTimeOffset.FromUnixTimeMilliseconds(RequestedAt)));
        emulator.State.Failing = true;

        Assert.Equal(LookupResult.Found(1990, RequestedAt), await client.LookupAsync(Id, CancellationToken.None));
    }

    [Fact]
    public async Task LookupAsync_WritesOneGetWithTheIdInCanonicalForm()
    {
        await using var processor = new ScriptedProcessor();
        processor.Reply(false, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        using var client = new ProcessorClient(processor.Url, 4, TimeSpan.FromSeconds(5));

        Assert.Equal(LookupResult.NotFound, await client.LookupAsync(Id, CancellationToken.None));

        // Always a UUID in its 36-character form, so the processor's 400 (not a UUID) never comes.
        Assert.Equal($"GET /payments/4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3 HTTP/1.1\r\nHost: {processor.Url.Authority}\r\n\r\n", Assert.Single(processor.Requests));
    }

    [Fact]
    public async Task LookupAsync_ChunkedPaymentThenKeepAlive_FoundAndTheConnectionReused()
    {
        await using var processor = new ScriptedProcessor();
        processor.Reply(
            false,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
            "1b\r\n{\"correlationId\":\"4a7901b8-\r\n",
            "54\r\n7d26-4d9d-aa19-4dc1c7cf60b3\",\"amount\":19.9,\"requestedAt\":\"2025-07-15T12:34:56.789Z\"}\r\n0\r\n\r\n");
        processor.Reply(false, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        using var client = new ProcessorClient(processor.Url, 4, TimeSpan.FromSeconds(5));

        Assert.Equal(LookupResult.Found(1990, RequestedAt), await client.LookupAsync(Id, CancellationToken.None));
        Assert.Equal(LookupResult.NotFound, await client.LookupAsync(Guid.NewGuid(), CancellationToken.None));

        Assert.Equal(1, processor.Accepted);
    }

    [Theory]
    [InlineData("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nnot json!")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 16\r\n\r\n{\"amount\":19.90}")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 90\r\n\r\n{\"amount\":19.90")]
    public async Task LookupAsync_AnythingButAPaymentOrA404_Unknown(string reply)
    {
        await using var processor = new ScriptedProcessor();
        processor.Reply(true, reply);
        using var client = new ProcessorClient(processor.Url, 4, TimeSpan.FromSeconds(5));

        Assert.Equal(LookupResult.Unknown, await client.LookupAsync(Id, CancellationToken.None));
    }

    [Fact]
    public async Task LookupAsync_BodyLongerThanAnyPayment_UnknownWithoutKeepingIt()
    {
        await using var processor = new ScriptedProcessor();
        var body = "{\"pad\":\"" + new string('x', ProcessorClient.MaxLookupBodyBytes) + "\",\"amount\":19.90,\"requestedAt\":\"2025-07-15T12:34:56.789Z\"}";
        processor.Reply(false, $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n\r\n", body);
        using var client = new ProcessorClient(processor.Url, 4, TimeSpan.FromSeconds(5));

        Assert.Equal(LookupResult.Unknown, await client.LookupAsync(Id, CancellationToken.None));
    }

    [Fact]
    public async Task LookupAsync_NoAnswerWithinTheTimeout_Unknown()
    {
        await using var processor = new ScriptedProcessor();
        processor.Ignore();
        using var client = new ProcessorClient(processor.Url, 4, TimeSpan.FromMilliseconds(200));

        Assert.Equal(LookupResult.Unknown, await client.LookupAsync(Id, CancellationToken.None));
    }

    [Fact]
    public async Task LookupAsync_ProcessorNotListening_Unknown()
    {
        using var client = new ProcessorClient(new Uri($"http://127.0.0.1:{ScriptedProcessor.UnusedPort()}"), 4, TimeSpan.FromSeconds(5));

        Assert.Equal(LookupResult.Unknown, await client.LookupAsync(Id, CancellationToken.None));
    }

    [Theory]
    [InlineData("""{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":19.90,"requestedAt":"2025-07-15T12:34:56.789Z"}""", 1990)]
    [InlineData("""{"amount":19.9,"requestedAt":"2025-07-15T12:34:56.789Z","extra":{"a":[1,2]}}""", 1990)]
    [InlineData("""{"CorrelationId":"4A7901B8-7D26-4D9D-AA19-4DC1C7CF60B3","Amount":"19.90","RequestedAt":"2025-07-15T12:34:56.789+00:00"}""", 1990)]
    [InlineData("""{"amount":0.125,"requestedAt":"2025-07-15T14:34:56.789+02:00"}""", 12)]
    [InlineData("""{"amount":0.135,"requestedAt":"2025-07-15T12:34:56.7891234"}""", 14)]
    public void ReadPayment_SpellingsOfThePayment_ExactCentsAndUtcMilliseconds(string json, long cents)
    {
        Assert.Equal(LookupResult.Found(cents, RequestedAt), ProcessorClient.ReadPayment(Encoding.UTF8.GetBytes(json), Id));
    }

    [Theory]
    [InlineData("""{"correlationId":"00000000-0000-0000-0000-000000000001","amount":19.90,"requestedAt":"2025-07-15T12:34:56.789Z"}""")]
    [InlineData("""{"amount":19.90}""")]
    [InlineData("""{"requestedAt":"2025-07-15T12:34:56.789Z"}""")]
    [InlineData("""{"amount":"many","requestedAt":"2025-07-15T12:34:56.789Z"}""")]
    [InlineData("""{"amount":19.90,"requestedAt":"yesterday"}""")]
    [InlineData("""{"amount":19.90,"requestedAt":1752582896789}""")]
    [InlineData("""{"amount":1e300,"requestedAt":"2025-07-15T12:34:56.789Z"}""")]
    [InlineData("""[{"amount":19.90,"requestedAt":"2025-07-15T12:34:56.789Z"}]""")]
    [InlineData("""{"amount":19.90,"requestedAt":"2025-07-15T12:34:56.789Z\"}""")]
    [InlineData("{\"amount\":19.90,\"requestedAt\":\"2025-07-15T12:34:56.789Z\"")]
    public void ReadPayment_NotThisPaymentOrNotReadable_Unknown(string json)
    {
        Assert.Equal(LookupResult.Unknown, ProcessorClient.ReadPayment(Encoding.UTF8.GetBytes(json), Id));
    }
}
