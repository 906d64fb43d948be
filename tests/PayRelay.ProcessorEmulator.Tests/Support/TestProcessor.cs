using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using PayRelay.Testing;

namespace PayRelay.ProcessorEmulator.Tests.Support;

/// <summary>An emulator on an ephemeral loopback port plus a client for it; optionally on a manual clock.</summary>
internal sealed class TestProcessor : IAsyncDisposable
{
    public const string Token = "123";

    private TestProcessor(EmulatorHost host, ManualTimeProvider? clock)
    {
        Host = host;
        Clock = clock;
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue })
        {
            BaseAddress = host.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public EmulatorHost Host { get; }

    public EmulatorState State => Host.State;

    public ManualTimeProvider? Clock { get; }

    public HttpClient Http { get; }

    public static async Task<TestProcessor> StartAsync(bool manualClock = false, decimal fee = 0.05m)
    {
        var clock = manualClock ? new ManualTimeProvider() : null;
        var options = new EmulatorOptions { TransactionFee = fee, TimeProvider = clock ?? TimeProvider.System };
        return new TestProcessor(await EmulatorHost.StartAsync(options), clock);
    }

    /// <summary>An emulator with these options, on the system clock.</summary>
    public static async Task<TestProcessor> StartAsync(EmulatorOptions options) => new(await EmulatorHost.StartAsync(options), null);

    public static StringContent PaymentBody(Guid id, string amount = "19.90", string requestedAt = "2025-07-15T12:34:56.000Z") =>
        Json($$"""{"correlationId":"{{id}}","amount":{{amount}},"requestedAt":"{{requestedAt}}"}""");

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public Task<HttpResponseMessage> PostPaymentAsync(Guid id, string amount = "19.90", string requestedAt = "2025-07-15T12:34:56.000Z",
        CancellationToken cancellationToken = default) =>
        Http.PostAsync("payments", PaymentBody(id, amount, requestedAt), cancellationToken);

    public Task<HttpResponseMessage> AdminAsync(HttpMethod method, string path, string? json = null, string? token = Token)
    {
        var request = new HttpRequestMessage(method, path) { Content = json is null ? null : Json(json) };
        if (token is not null)
        {
            request.Headers.Add("X-Rinha-Token", token);
        }

        return Http.SendAsync(request);
    }

    public async Task<JsonElementSummary> AdminSummaryAsync(string query = "")
    {
        using var response = await AdminAsync(HttpMethod.Get, "admin/payments-summary" + query);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return new JsonElementSummary(
            body.GetProperty("totalRequests").GetInt64(),
            body.GetProperty("totalAmount").GetDecimal(),
            body.GetProperty("totalFee").GetRawText(),
            body.GetProperty("feePerTransaction").GetDecimal());
    }

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}

/// <summary>The admin summary as read off the wire; the fee stays raw text to check it is not rounded.</summary>
internal readonly record struct JsonElementSummary(long TotalRequests, decimal TotalAmount, string TotalFeeText, decimal FeePerTransaction);
