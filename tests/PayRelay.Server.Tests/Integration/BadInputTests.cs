using System.Net;
using System.Text.Json;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Tests.Support;

namespace PayRelay.Server.Tests.Integration;

/// <summary>Bad input gets a 4xx with a short JSON error and never reaches a processor.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class BadInputTests
{
    private const string Id = "4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3";

    public static TheoryData<string, string, string?, HttpStatusCode> BadRequests => new()
    {
        { "malformed JSON", """{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":19.90""", "application/json", HttpStatusCode.BadRequest },
        { "not an object", """[1,2,3]""", "application/json", HttpStatusCode.BadRequest },
        { "empty body", "", "application/json", HttpStatusCode.BadRequest },
        { "missing correlationId", """{"amount":19.90}""", "application/json", HttpStatusCode.BadRequest },
        { "null correlationId", """{"correlationId":null,"amount":19.90}""", "application/json", HttpStatusCode.BadRequest },
        { "non-UUID correlationId", """{"correlationId":"payment-42","amount":19.90}""", "application/json", HttpStatusCode.BadRequest },
        { "numeric correlationId", """{"correlationId":42,"amount":19.90}""", "application/json", HttpStatusCode.BadRequest },
        { "missing amount", $$"""{"correlationId":"{{Id}}"}""", "application/json", HttpStatusCode.BadRequest },
        { "non-numeric amount", $$"""{"correlationId":"{{Id}}","amount":"abc"}""", "application/json", HttpStatusCode.BadRequest },
        { "boolean amount", $$"""{"correlationId":"{{Id}}","amount":true}""", "application/json", HttpStatusCode.BadRequest },
        { "null amount", $$"""{"correlationId":"{{Id}}","amount":null}""", "application/json", HttpStatusCode.BadRequest },
        { "zero amount", $$"""{"correlationId":"{{Id}}","amount":0}""", "application/json", HttpStatusCode.BadRequest },
        { "negative amount", $$"""{"correlationId":"{{Id}}","amount":-19.90}""", "application/json", HttpStatusCode.BadRequest },
        { "oversized body", $$"""{"correlationId":"{{Id}}","amount":19.90,"note":"{{new string('x', 8192)}}"}""", "application/json", HttpStatusCode.RequestEntityTooLarge },
        { "text content type", $$"""{"correlationId":"{{Id}}","amount":19.90}""", "text/plain", HttpStatusCode.UnsupportedMediaType },
        { "form content type", $$"""{"correlationId":"{{Id}}","amount":19.90}""", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType },
        { "no content type", $$"""{"correlationId":"{{Id}}","amount":19.90}""", null, HttpStatusCode.UnsupportedMediaType },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task PostPayments_BadInput_Answers4xxJsonErrorAndNeverReachesAProcessor(string kind, string body, string? contentType, HttpStatusCode expected)
    {
        await using var cluster = await TestCluster.StartAsync();

        using (var response = await cluster.PostRawAsync(0, body, contentType))
        {
            Assert.True(expected == response.StatusCode, $"{kind}: expected {(int)expected}, got {(int)response.StatusCode}");
            await AssertJsonErrorAsync(response);
        }

        // The queue is first in, first out: once a good payment posted after the bad one is charged, the bad one would have been too.
        Assert.Equal(HttpStatusCode.Accepted, await cluster.PostPaymentAsync(0, Guid.NewGuid()));
        await cluster.AssertConsistentAsync();
        Assert.Equal(1, cluster.Default.State.Count + cluster.Fallback.State.Count);
        Assert.Equal(1, cluster.Instance(0).Get<DispatchCounters>().Accepted);
    }

    [Fact]
    public async Task PostPayments_OversizedChunkedBody_Answers413AndNeverReachesAProcessor()
    {
        await using var cluster = await TestCluster.StartAsync();
        var body = $$"""{"correlationId":"{{Id}}","amount":19.90,"note":"{{new string('x', 16384)}}"}""";
        using var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body)));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "payments") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using (var response = await cluster.Client(0).SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            await AssertJsonErrorAsync(response);
        }

        Assert.Equal(HttpStatusCode.Accepted, await cluster.PostPaymentAsync(0, Guid.NewGuid()));
        await cluster.AssertConsistentAsync();
        Assert.Equal(1, cluster.Default.State.Count);
    }

    [Fact]
    public async Task PostPayments_RejectedBodyThenValidBodyWithSameId_ValidOneAcceptedAndChargedOnce()
    {
        await using var cluster = await TestCluster.StartAsync();
        var id = Guid.NewGuid();

        using (var rejected = await cluster.PostRawAsync(0, $$"""{"correlationId":"{{id}}","amount":-1}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Accepted, await cluster.PostPaymentAsync(0, id, 19.90m));

        await cluster.AssertConsistentAsync();
        Assert.True(cluster.Default.State.TryGet(id, out var stored));
        Assert.Equal(19.90m, stored.Amount);
    }

    private static async Task AssertJsonErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);
        var error = json.RootElement.GetProperty("error").GetString();
        Assert.False(string.IsNullOrWhiteSpace(error), text);
        Assert.True(text.Length < 300, $"the error is short: {text}");
    }
}
