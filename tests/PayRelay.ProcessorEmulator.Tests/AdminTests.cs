using System.Net;
using System.Text.Json;
using PayRelay.ProcessorEmulator.Tests.Support;

namespace PayRelay.ProcessorEmulator.Tests;

public sealed class AdminTests
{
    public static TheoryData<string, string, string?> AdminEndpoints => new()
    {
        { "GET", "admin/payments-summary", null },
        { "PUT", "admin/configurations/delay", """{"delay":100}""" },
        { "PUT", "admin/configurations/failure", """{"failure":true}""" },
        { "PUT", "admin/configurations/token", """{"token":"abc"}""" },
        { "POST", "admin/purge-payments", null },
    };

    [Theory]
    [MemberData(nameof(AdminEndpoints))]
    public async Task Admin_WithoutOrWithWrongToken_Returns401AndChangesNothing(string method, string path, string? json)
    {
        await using var processor = await TestProcessor.StartAsync();
        using var paid = await processor.PostPaymentAsync(Guid.NewGuid());

        using var missing = await processor.AdminAsync(new HttpMethod(method), path, json, token: null);
        using var wrong = await processor.AdminAsync(new HttpMethod(method), path, json, token: "124");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal((0, false, "123", 1), (processor.State.DelayMilliseconds, processor.State.Failing, processor.State.Token, processor.State.Count));
    }

    [Fact]
    public async Task PutDelay_ValidToken_Returns200WithConfigWasIsAndAppliesIt()
    {
        await using var processor = await TestProcessor.StartAsync();

        using var first = await processor.AdminAsync(HttpMethod.Put, "admin/configurations/delay", """{"delay":100}""");
        using var second = await processor.AdminAsync(HttpMethod.Put, "admin/configurations/delay", """{"delay":250}""");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("""{"config":"delay","was":0,"is":100}""", await first.Content.ReadAsStringAsync());
        Assert.Equal("""{"config":"delay","was":100,"is":250}""", await second.Content.ReadAsStringAsync());
        Assert.Equal(250, processor.State.DelayMilliseconds);
    }

    [Fact]
    public async Task PutFailure_ValidToken_Returns200WithConfigWasIsAndAppliesIt()
    {
        await using var processor = await TestProcessor.StartAsync();

        using var response = await processor.AdminAsync(HttpMethod.Put, "admin/configurations/failure", """{"failure":true}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"config":"failure","was":false,"is":true}""", await response.Content.ReadAsStringAsync());
        Assert.True(processor.State.Failing);
        using var payment = await processor.PostPaymentAsync(Guid.NewGuid());
        Assert.Equal(HttpStatusCode.InternalServerError, payment.StatusCode);
    }

    [Theory]
    [InlineData("admin/configurations/delay", """{"delay":-1}""")]
    [InlineData("admin/configurations/delay", """{}""")]
    [InlineData("admin/configurations/failure", """{"failure":"maybe"}""")]
    [InlineData("admin/configurations/token", """{"token":""}""")]
    [InlineData("admin/configurations/delay", """{"delay":""")]
    public async Task PutConfiguration_InvalidBody_Returns400(string path, string json)
    {
        await using var processor = await TestProcessor.StartAsync();

        using var response = await processor.AdminAsync(HttpMethod.Put, path, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal((0, false, "123"), (processor.State.DelayMilliseconds, processor.State.Failing, processor.State.Token));
    }

    [Fact]
    public async Task PutToken_ValidToken_Returns204AndOnlyTheNewTokenIsAcceptedAfterwards()
    {
        await using var processor = await TestProcessor.StartAsync();

        using var changed = await processor.AdminAsync(HttpMethod.Put, "admin/configurations/token", """{"token":"s3cret"}""");
        using var oldToken = await processor.AdminAsync(HttpMethod.Get, "admin/payments-summary");
        using var newToken = await processor.AdminAsync(HttpMethod.Get, "admin/payments-summary", token: "s3cret");

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newToken.StatusCode);
    }

    [Fact]
    public async Task PurgePayments_ValidToken_Returns200WithMessageAndForgetsEveryPayment()
    {
        await using var processor = await TestProcessor.StartAsync();
        var id = Guid.NewGuid();
        using var paid = await processor.PostPaymentAsync(id);

        using var response = await processor.AdminAsync(HttpMethod.Post, "admin/purge-payments");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("message").GetString()));
        Assert.Equal(0, processor.State.Count);
        using var again = await processor.PostPaymentAsync(id);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }
}
