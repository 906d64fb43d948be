using PayRelay.Server.Observability;

namespace PayRelay.Server.Http;

/// <summary>
/// Every request but the periodic and hot ones (<c>POST /payments</c>, <c>GET /healthz</c>, <c>POST /internal/health</c>):
/// a switch on method and path, no endpoint routing. The wire layer (<see cref="Wire.Http1ConnectionHandler"/>)
/// answers those itself and hands the rest here.
/// </summary>
public sealed class RequestRouter(LedgerEndpoints ledger, OperationsEndpoints operations, InternalEndpoints peer, MetricsEndpoint metrics)
{
    public Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? string.Empty;
        var method = request.Method;
        var isGet = HttpMethods.IsGet(method);
        var isPost = HttpMethods.IsPost(method);
        return path switch
        {
            "/payments-summary" when isGet => ledger.SummaryAsync(context),
            "/purge-payments" when isPost => ledger.PurgeAsync(context),
            "/status" when isGet => operations.StatusAsync(context),
            "/metrics" when isGet => metrics.ScrapeAsync(context),
            "/internal/summary" when isGet => peer.SummaryAsync(context),
            "/internal/purge" when isPost => peer.Purge(context),
            "/internal/health" when isGet => peer.HealthAsync(context),
            "/payments" or "/payments-summary" or "/purge-payments" or "/healthz" or "/status" or "/metrics"
                or "/internal/summary" or "/internal/purge" or "/internal/health" =>
                Responses.Error(context, StatusCodes.Status405MethodNotAllowed, $"{method} is not allowed on {path}"),
            _ => Responses.Error(context, StatusCodes.Status404NotFound, "no such endpoint"),
        };
    }
}
