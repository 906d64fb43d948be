using PayRelay.Bench.Http;

namespace PayRelay.Bench.Run;

public sealed partial class TestClient
{
    /// <summary><c>PUT /admin/configurations/delay</c>, with the processor's answer: the delay it had and has.</summary>
    public Task<Answer<DelayChange>> PutDelayAsync(ProcessorRole role, int milliseconds, CancellationToken cancellationToken, bool record = true)
    {
        var request = Json(HttpMethod.Put, ProcessorEndpoint(role).Resolve("admin/configurations/delay"), $"{{\"delay\":{milliseconds}}}");
        request.Headers.TryAddWithoutValidation(TokenHeader, Token);
        return SendAsync(Processor(role), request, RequestKind.ProcessorAdmin, AdminJsonContext.Default.DelayChange, record, cancellationToken);
    }

    /// <summary><c>PUT /admin/configurations/failure</c>, with the processor's answer: the failure flag it had and has.</summary>
    public Task<Answer<FailureChange>> PutFailureAsync(ProcessorRole role, bool failing, CancellationToken cancellationToken, bool record = true)
    {
        var request = Json(HttpMethod.Put, ProcessorEndpoint(role).Resolve("admin/configurations/failure"), failing ? "{\"failure\":true}" : "{\"failure\":false}");
        request.Headers.TryAddWithoutValidation(TokenHeader, Token);
        return SendAsync(Processor(role), request, RequestKind.ProcessorAdmin, AdminJsonContext.Default.FailureChange, record, cancellationToken);
    }
}
