using PayRelay.Server.Configuration;
using PayRelay.Server.Observability;

namespace PayRelay.Server.Http;

/// <summary>
/// Every request but the periodic and hot ones (<c>POST /payments</c>, <c>GET /healthz</c>, <c>POST /internal/health</c>):
/// a switch on method and path, no endpoint routing. The wire layer (<see cref="Wire.Http1ConnectionHandler"/>)
/// answers those itself and hands the rest here. Methods are case-sensitive (RFC 9110 §9.1: <c>get</c> is not
/// <c>GET</c>); <c>HEAD</c> is answered as <c>GET</c> and the wire layer drops the body; a method a path does not take
/// gets 405 naming the method as sent, with <c>Allow</c> listing those it takes.
/// </summary>
public sealed class RequestRouter(LedgerEndpoints ledger, OperationsEndpoints operations, InternalEndpoints peer, MetricsEndpoint metrics, ServerOptions options)
{
    private readonly AdminGate _admin = new(options.AdminToken);

    public Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? string.Empty;
        var method = request.Method;
        var isGet = method is "GET" or "HEAD";
        var isPost = method == "POST";
        return path switch
        {
            "/payments-summary" when isGet => ledger.SummaryAsync(context),
            "/purge-payments" when isPost => _admin.Allows(request) ? ledger.PurgeAsync(context) : AdminGate.Refuse(context),
            "/status" when isGet => _admin.Allows(request) ? operations.StatusAsync(context) : AdminGate.Refuse(context),
            "/metrics" when isGet => _admin.Allows(request) ? metrics.ScrapeAsync(context) : AdminGate.Refuse(context),
            "/internal/summary" when isGet => peer.SummaryAsync(context),
            "/internal/purge" when isPost => peer.Purge(context),
            "/internal/health" when isGet => peer.HealthAsync(context),
            _ => Allowed(path) is { } allow
                ? NotAllowed(context, method, path, allow)
                : Responses.Error(context, StatusCodes.Status404NotFound, "no such endpoint"),
        };
    }

    /// <summary>The methods a path takes, for <c>Allow</c>; null for a path that is not served.</summary>
    private static string? Allowed(string path) => path switch
    {
        "/payments" or "/purge-payments" or "/internal/purge" or "/internal/reserve" or "/internal/release" => "POST",
        "/payments-summary" or "/healthz" or "/status" or "/metrics" or "/internal/summary" => "GET, HEAD",
        "/internal/health" => "GET, HEAD, POST",
        _ => null,
    };

    private static Task NotAllowed(HttpContext context, string method, string path, string allow)
    {
        context.Response.Headers.Allow = allow;
        return Responses.Error(context, StatusCodes.Status405MethodNotAllowed, $"{Responses.Clip(method)} is not allowed on {path}");
    }
}
