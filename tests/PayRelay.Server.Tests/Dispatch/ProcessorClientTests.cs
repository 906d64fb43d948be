using System.Net;
using System.Text;
using PayRelay.Server.Dispatch;

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
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new ProcessorClient(new Uri($"http://127.0.0.1:{port}"), 4, TimeSpan.FromSeconds(5));

        var outcome = await client.PostAsync(Guid.NewGuid(), 100, 0, CancellationToken.None);

        Assert.Equal(AttemptOutcome.NotStored, outcome);
    }
}
