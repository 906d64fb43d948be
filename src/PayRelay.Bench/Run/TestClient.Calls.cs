using PayRelay.Bench.Http;

namespace PayRelay.Bench.Run;

public sealed partial class TestClient
{
    private const string TokenHeader = "X-Rinha-Token";

    /// <summary><c>POST /payments</c> with a prepared body over the shared pool; returns the status (0: no answer in time).</summary>
    public Task<int> PostPaymentAsync(byte[] body, CancellationToken cancellationToken) => PostPaymentAsync(null, body, cancellationToken);

    /// <summary>
    /// <c>POST /payments</c> with a prepared body through <paramref name="connection"/> (a user's own), or the
    /// shared pool when null; returns the status (0: no answer in time).
    /// </summary>
    public async Task<int> PostPaymentAsync(HttpMessageInvoker? connection, byte[] body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _paymentsUri) { Content = new JsonBytesContent(body) };
        var answer = await SendAsync<object>(connection ?? _backend, request, RequestKind.Payment, null, record: true, cancellationToken);
        return answer.Status;
    }

    public Task<Answer<BackendSummary>> GetBackendSummaryAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken, bool record = true)
    {
        var uri = _backendEndpoint.Resolve($"payments-summary?from={IsoUtc(from)}&to={IsoUtc(to)}");
        return SendAsync(_backend, new HttpRequestMessage(HttpMethod.Get, uri), RequestKind.BackendSummary, WireJsonContext.Default.BackendSummary, record, cancellationToken);
    }

    public async Task<int> PurgeBackendAsync(CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _backendEndpoint.Resolve("purge-payments"));
        return (await SendAsync<object>(_backend, request, RequestKind.BackendPurge, null, record: true, cancellationToken)).Status;
    }

    /// <summary>
    /// Sets the processors' admin token as the official setup does (authenticated with the initial
    /// token); when the processor already has the configured token from an earlier run, that one
    /// authenticates instead.
    /// </summary>
    public async Task<int> SetTokenAsync(ProcessorRole role, CancellationToken cancellationToken)
    {
        var status = await PutTokenAsync(role, InitialToken, cancellationToken);
        if (status == 401 && Token != InitialToken)
        {
            status = await PutTokenAsync(role, Token, cancellationToken);
        }

        return status;
    }

    public Task<int> SetDelayAsync(ProcessorRole role, int milliseconds, CancellationToken cancellationToken) =>
        PutAdminAsync(role, "admin/configurations/delay", $"{{\"delay\":{milliseconds}}}", cancellationToken);

    public Task<int> SetFailureAsync(ProcessorRole role, bool failing, CancellationToken cancellationToken) =>
        PutAdminAsync(role, "admin/configurations/failure", failing ? "{\"failure\":true}" : "{\"failure\":false}", cancellationToken);

    public async Task<int> PurgeProcessorAsync(ProcessorRole role, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, ProcessorEndpoint(role).Resolve("admin/purge-payments"));
        request.Headers.TryAddWithoutValidation(TokenHeader, Token);
        return (await SendAsync<object>(Processor(role), request, RequestKind.ProcessorAdmin, null, record: true, cancellationToken)).Status;
    }

    public Task<Answer<ProcessorSummary>> GetProcessorSummaryAsync(ProcessorRole role, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken, bool record = true)
    {
        var uri = ProcessorEndpoint(role).Resolve($"admin/payments-summary?from={IsoUtc(from)}&to={IsoUtc(to)}");
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation(TokenHeader, Token);
        return SendAsync(Processor(role), request, RequestKind.ProcessorAdmin, WireJsonContext.Default.ProcessorSummary, record, cancellationToken);
    }

    private async Task<int> PutTokenAsync(ProcessorRole role, string authenticateWith, CancellationToken cancellationToken)
    {
        var request = Json(HttpMethod.Put, ProcessorEndpoint(role).Resolve("admin/configurations/token"), $"{{\"token\":\"{System.Text.Encodings.Web.JavaScriptEncoder.Default.Encode(Token)}\"}}");
        request.Headers.TryAddWithoutValidation(TokenHeader, authenticateWith);
        return (await SendAsync<object>(Processor(role), request, RequestKind.ProcessorAdmin, null, record: true, cancellationToken)).Status;
    }

    private async Task<int> PutAdminAsync(ProcessorRole role, string path, string json, CancellationToken cancellationToken)
    {
        var request = Json(HttpMethod.Put, ProcessorEndpoint(role).Resolve(path), json);
        request.Headers.TryAddWithoutValidation(TokenHeader, Token);
        return (await SendAsync<object>(Processor(role), request, RequestKind.ProcessorAdmin, null, record: true, cancellationToken)).Status;
    }
}
