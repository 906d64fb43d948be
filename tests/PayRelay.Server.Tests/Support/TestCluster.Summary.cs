using System.Globalization;
using System.Net;
using System.Text.Json;
using PayRelay.ProcessorEmulator;
using PayRelay.Server.Http;

namespace PayRelay.Server.Tests.Support;

/// <summary>One processor's line of a summary.</summary>
public readonly record struct Totals(long Requests, decimal Amount)
{
    public static Totals Of(EmulatorSummary summary) => new(summary.TotalRequests, summary.TotalAmount);
}

/// <summary>A parsed <c>GET /payments-summary</c> answer and its partial marker header.</summary>
public sealed record BackendSummary(Totals Default, Totals Fallback, string? Partial);

public sealed partial class TestCluster
{
    /// <summary>The wire format of timestamps, as the official tests send them.</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>GET /payments-summary with an optional query string (starting with '?'); it must answer 200.</summary>
    public async Task<BackendSummary> SummaryAsync(int index, string query = "")
    {
        using var response = await Client(index).GetAsync("payments-summary" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"summary{query} from api{index + 1} answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        var partial = response.Headers.TryGetValues(LedgerEndpoints.PartialHeader, out var values) ? string.Join(',', values) : null;
        return new BackendSummary(Part(json.RootElement.GetProperty("default")), Part(json.RootElement.GetProperty("fallback")), partial);
    }

    public static string Query(DateTimeOffset? from, DateTimeOffset? to)
    {
        var parts = new List<string>(2);
        if (from is { } f)
        {
            parts.Add("from=" + Uri.EscapeDataString(Iso(f)));
        }

        if (to is { } t)
        {
            parts.Add("to=" + Uri.EscapeDataString(Iso(t)));
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }

    /// <summary>The processors' admin summaries (everything when a bound is missing, as the processor does).</summary>
    public (Totals Default, Totals Fallback) ProcessorTotals(DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        (Totals.Of(Default.State.GetSummary(from, to)), Totals.Of(Fallback.State.GetSummary(from, to)));

    private static Totals Part(JsonElement part) =>
        new(part.GetProperty("totalRequests").GetInt64(), part.GetProperty("totalAmount").GetDecimal());
}
