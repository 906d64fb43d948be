using PayRelay.Bench.Http;

namespace PayRelay.Bench.Run;

public sealed partial class ChargeChecker
{
    /// <summary>The backend's <c>GET /payments-summary</c> beside both processors' admin summaries over one window (null: unfiltered).</summary>
    public async Task<SummaryComparison> CompareAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var query = from is { } f && to is { } t ? $"?from={TestClient.IsoUtc(f)}&to={TestClient.IsoUtc(t)}" : string.Empty;
        var backendTask = GetJsonAsync(_backend, new HttpRequestMessage(HttpMethod.Get, _backendEndpoint.Resolve("payments-summary" + query)), WireJsonContext.Default.BackendSummary, cancellationToken);
        var defaultTask = ProcessorSummaryAsync(_default, _defaultEndpoint, query, cancellationToken);
        var fallbackTask = ProcessorSummaryAsync(_fallback, _fallbackEndpoint, query, cancellationToken);
        var (backend, partial) = await backendTask;
        var processorDefault = await defaultTask;
        var processorFallback = await fallbackTask;
        return new SummaryComparison(
            from,
            to,
            backend?.Default,
            backend?.Fallback,
            partial,
            processorDefault is null ? null : new SummaryPart(processorDefault.TotalRequests, processorDefault.TotalAmount),
            processorFallback is null ? null : new SummaryPart(processorFallback.TotalRequests, processorFallback.TotalAmount));
    }

    private async Task<ProcessorSummary?> ProcessorSummaryAsync(HttpMessageInvoker invoker, ServiceEndpoint endpoint, string query, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, endpoint.Resolve("admin/payments-summary" + query));
        request.Headers.TryAddWithoutValidation(TokenHeader, _token);
        return (await GetJsonAsync(invoker, request, WireJsonContext.Default.ProcessorSummary, cancellationToken)).Body;
    }
}
