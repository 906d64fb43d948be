using System.Net;
using System.Text.Json;
using PayRelay.ProcessorEmulator.Tests.Support;

namespace PayRelay.ProcessorEmulator.Tests;

public sealed class PostPaymentTests
{
    [Fact]
    public async Task PostPayment_NewCorrelationId_Returns200WithMessageAndStoresIt()
    {
        await using var processor = await TestProcessor.StartAsync();
        var id = Guid.NewGuid();

        var before = DateTimeOffset.UtcNow;
        using var response = await processor.PostPaymentAsync(id, "19.90", "2025-07-15T12:34:56.789Z");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("message").GetString()));
        Assert.True(processor.State.TryGet(id, out var stored));
        Assert.Equal(new StoredPayment(id, 19.90m, new DateTimeOffset(2025, 7, 15, 12, 34, 56, 789, TimeSpan.Zero), stored.StoredAt), stored);
        Assert.InRange(stored.StoredAt, before, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task PostPayment_SameCorrelationIdTwice_Returns422WithJsonMessageAndKeepsTheFirst()
    {
        await using var processor = await TestProcessor.StartAsync();
        var id = Guid.NewGuid();
        using var first = await processor.PostPaymentAsync(id, "19.90");

        using var second = await processor.PostPaymentAsync(id, "20.05");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Equal("application/json", second.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.Contains(id.ToString(), body.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, processor.State.Count);
        Assert.True(processor.State.TryGet(id, out var stored));
        Assert.Equal(19.90m, stored.Amount);
    }

    [Theory]
    [InlineData("19.905", "19.90")]
    [InlineData("19.915", "19.92")]
    [InlineData("0.125", "0.12")]
    [InlineData("0.135", "0.14")]
    [InlineData("20.0549", "20.05")]
    [InlineData("-1.005", "-1.00")]
    public async Task PostPayment_AmountBeyondCents_IsStoredWithBankersRounding(string sent, string expected)
    {
        await using var processor = await TestProcessor.StartAsync();
        var id = Guid.NewGuid();

        using var response = await processor.PostPaymentAsync(id, sent);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(processor.State.TryGet(id, out var stored));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), stored.Amount);
    }

    [Theory]
    [InlineData("{\"correlationId\":\"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3\",\"amount\":19.90,")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"correlationId\":\"not-a-uuid\",\"amount\":19.90,\"requestedAt\":\"2025-07-15T12:34:56.000Z\"}")]
    [InlineData("{\"correlationId\":42,\"amount\":19.90,\"requestedAt\":\"2025-07-15T12:34:56.000Z\"}")]
    [InlineData("{\"amount\":19.90,\"requestedAt\":\"2025-07-15T12:34:56.000Z\"}")]
    [InlineData("{\"correlationId\":\"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3\",\"amount\":19.90}")]
    [InlineData("{\"correlationId\":\"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3\",\"amount\":19.90,\"requestedAt\":\"yesterday\"}")]
    [InlineData("{\"correlationId\":\"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3\",\"amount\":19.90,\"requestedAt\":null}")]
    [InlineData("{\"correlationId\":\"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3\",\"amount\":\"abc\",\"requestedAt\":\"2025-07-15T12:34:56.000Z\"}")]
    [InlineData("{\"correlationId\":\"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3\",\"amount\":19.90,\"requestedAt\":\"2025-07-15T12:34:56.000Z\"} x")]
    public async Task PostPayment_MalformedOrInvalidBody_Returns400AndStoresNothing(string json)
    {
        await using var processor = await TestProcessor.StartAsync();

        using var response = await processor.Http.PostAsync("payments", TestProcessor.Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, processor.State.Count);
    }

    [Fact]
    public async Task PostPayment_NonJsonContentType_Returns415AndStoresNothing()
    {
        await using var processor = await TestProcessor.StartAsync();
        var body = TestProcessor.PaymentBody(Guid.NewGuid());
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");

        using var response = await processor.Http.PostAsync("payments", body);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, processor.State.Count);
    }

    [Fact]
    public async Task PostPayment_PascalCaseNamesAndAmountAsString_AreAcceptedLikeTheOfficialBinding()
    {
        await using var processor = await TestProcessor.StartAsync();
        var id = Guid.NewGuid();
        var json = $$"""{"CorrelationId":"{{id}}","Amount":"20.05","RequestedAt":"2025-07-15T12:34:56.000Z","extra":{"a":[1]} }""";

        using var response = await processor.Http.PostAsync("payments", TestProcessor.Json(json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(processor.State.TryGet(id, out var stored));
        Assert.Equal(20.05m, stored.Amount);
    }

    [Theory]
    [InlineData("2025-07-15T12:34:56.7899Z", "2025-07-15T12:34:56.789Z")]
    [InlineData("2025-07-15T09:34:56.789-03:00", "2025-07-15T12:34:56.789Z")]
    [InlineData("2025-07-15T12:34:56.789", "2025-07-15T12:34:56.789Z")]
    public async Task PostPayment_RequestedAt_IsStoredInUtcAtMillisecondPrecision(string sent, string expected)
    {
        await using var processor = await TestProcessor.StartAsync();
        var id = Guid.NewGuid();

        using var response = await processor.PostPaymentAsync(id, requestedAt: sent);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(processor.State.TryGet(id, out var stored));
        Assert.Equal(expected, TestProcessor.Iso(stored.RequestedAt));
        Assert.Equal(TimeSpan.Zero, stored.RequestedAt.Offset);
    }

    [Fact]
    public async Task PostPayment_WhileFailing_Returns500WithEmptyBodyAndStoresNothing()
    {
        await using var processor = await TestProcessor.StartAsync();
        processor.State.Failing = true;
        var id = Guid.NewGuid();

        using var response = await processor.PostPaymentAsync(id);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.False(processor.State.TryGet(id, out _));
        Assert.Equal(0, processor.State.Count);
    }
}
