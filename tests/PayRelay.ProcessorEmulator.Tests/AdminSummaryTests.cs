using System.Net;
using PayRelay.ProcessorEmulator.Tests.Support;

namespace PayRelay.ProcessorEmulator.Tests;

public sealed class AdminSummaryTests
{
    private static readonly DateTimeOffset From = new(2025, 7, 15, 12, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddSeconds(10);

    [Fact]
    public async Task Summary_BothBounds_IncludesPaymentsExactlyOnEitherBoundToTheMillisecond()
    {
        await using var processor = await SeededAsync();

        var summary = await processor.AdminSummaryAsync($"?from={TestProcessor.Iso(From)}&to={TestProcessor.Iso(To)}");

        // From, From+1ms, To-1ms and To are inside; From-1ms and To+1ms are not.
        Assert.Equal(4, summary.TotalRequests);
        Assert.Equal(4 * 19.90m, summary.TotalAmount);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?from=2025-07-15T12:00:00.000Z")]
    [InlineData("?to=2025-07-15T12:00:10.000Z")]
    [InlineData("?from=2030-01-01T00:00:00.000Z")]
    public async Task Summary_MissingEitherBound_CountsEveryPayment(string query)
    {
        await using var processor = await SeededAsync();

        var summary = await processor.AdminSummaryAsync(query);

        Assert.Equal(6, summary.TotalRequests);
        Assert.Equal(6 * 19.90m, summary.TotalAmount);
    }

    [Fact]
    public async Task Summary_Fee_IsTheUnroundedProductOfAmountAndFee()
    {
        await using var processor = await TestProcessor.StartAsync(fee: 0.15m);
        using var paid = await processor.PostPaymentAsync(Guid.NewGuid(), "0.33");

        var summary = await processor.AdminSummaryAsync();

        Assert.Equal("0.0495", summary.TotalFeeText);
        Assert.Equal(0.15m, summary.FeePerTransaction);
        Assert.Equal(new EmulatorSummary(1, 0.33m, 0.0495m, 0.15m), processor.State.GetSummary(null, null));
    }

    [Fact]
    public async Task Summary_InvalidTimestamp_Returns400()
    {
        await using var processor = await TestProcessor.StartAsync();

        using var response = await processor.AdminAsync(HttpMethod.Get, "admin/payments-summary?from=yesterday&to=2025-07-15T12:00:00.000Z");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task GetSummary_InProcess_MatchesTheAdminEndpoint()
    {
        await using var processor = await SeededAsync();

        var wire = await processor.AdminSummaryAsync($"?from={TestProcessor.Iso(From)}&to={TestProcessor.Iso(To)}");
        var local = processor.State.GetSummary(From, To);

        Assert.Equal((wire.TotalRequests, wire.TotalAmount, wire.FeePerTransaction), (local.TotalRequests, local.TotalAmount, local.FeePerTransaction));
        Assert.Equal(decimal.Parse(wire.TotalFeeText, System.Globalization.CultureInfo.InvariantCulture), local.TotalFee);
    }

    private static async Task<TestProcessor> SeededAsync()
    {
        var processor = await TestProcessor.StartAsync();
        var moments = new[]
        {
            From.AddMilliseconds(-1), From, From.AddMilliseconds(1), To.AddMilliseconds(-1), To, To.AddMilliseconds(1),
        };
        foreach (var at in moments)
        {
            using var response = await processor.PostPaymentAsync(Guid.NewGuid(), "19.90", TestProcessor.Iso(at));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        return processor;
    }
}
