using PayRelay.Server.Ledger;

namespace PayRelay.Server.Http;

/// <summary><c>GET /payments-summary</c> and <c>POST /purge-payments</c>, both for the whole deployment.</summary>
public sealed class LedgerEndpoints(ClusterLedger cluster)
{
    /// <summary>Set when the summary lacks the peer's payments because the peer did not answer.</summary>
    public const string PartialHeader = "X-PayRelay-Partial";

    public async Task SummaryAsync(HttpContext context)
    {
        var query = context.Request.Query;
        string? from = query["from"], to = query["to"];
        if (!SummaryRange.TryParse(from, to, out var range, out var error))
        {
            await Responses.Error(context, StatusCodes.Status400BadRequest, error!);
            return;
        }

        var result = await cluster.SummarizeAsync(range, from, to, context.RequestAborted);
        if (result.PeerMissing)
        {
            context.Response.Headers[PartialHeader] = "peer-unavailable";
        }

        await Responses.Json(context, StatusCodes.Status200OK, ClusterLedger.ToWire(result.Summary), ServerJson.Default.SummaryResponse);
    }

    public async Task PurgeAsync(HttpContext context)
    {
        if (await cluster.PurgeAsync(context.RequestAborted))
        {
            await Responses.Bytes(context, StatusCodes.Status200OK, Responses.Purged);
        }
        else
        {
            await Responses.Error(context, StatusCodes.Status502BadGateway, "this instance was purged but its peer did not confirm; retry the purge");
        }
    }
}
