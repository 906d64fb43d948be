using System.Net;
using System.Text.Json;
using PayRelay.ProcessorEmulator.Tests.Support;

namespace PayRelay.ProcessorEmulator.Tests;

public sealed class GetPaymentTests
{
    [Fact]
    public async Task GetPayment_KnownId_Returns200WithTheOfficialShape()
    {
        await using var processor = await TestProcessor.StartAsync();
        var id = Guid.NewGuid();
        using var posted = await processor.PostPaymentAsync(id, "19.905", "2025-07-15T12:34:56.5Z");

        using var response = await processor.Http.GetAsync($"payments/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal(3, root.EnumerateObject().Count());
        Assert.Equal(id, root.GetProperty("correlationId").GetGuid());
        Assert.Equal(19.90m, root.GetProperty("amount").GetDecimal());
        Assert.Equal("2025-07-15T12:34:56.500Z", root.GetProperty("requestedAt").GetString());
    }

    [Fact]
    public async Task GetPayment_UnknownId_Returns404()
    {
        await using var processor = await TestProcessor.StartAsync();

        using var response = await processor.Http.GetAsync($"payments/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task GetPayment_NotAUuid_Returns400()
    {
        await using var processor = await TestProcessor.StartAsync();

        using var response = await processor.Http.GetAsync("payments/not-a-uuid");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
