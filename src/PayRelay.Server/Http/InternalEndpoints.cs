using System.Text.Json;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Ledger;

namespace PayRelay.Server.Http;

/// <summary>
/// What one instance asks of the other: its local summary, a local purge, and health poll results. The
/// balancer denies <c>/internal/</c> to clients.
/// </summary>
public sealed class InternalEndpoints(PaymentLedger ledger, ClusterLedger cluster, HealthBoard board)
{
    public Task SummaryAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (!SummaryRange.TryParse(query["from"], query["to"], out var range, out var error))
        {
            return Responses.Error(context, StatusCodes.Status400BadRequest, error!);
        }

        var summary = ledger.Summarize(range.FromMs, range.ToMs);
        return Responses.Json(context, StatusCodes.Status200OK, ClusterLedger.ToWire(summary), ServerJson.Default.SummaryResponse);
    }

    public Task Purge(HttpContext context)
    {
        cluster.PurgeLocal();
        return Responses.Bytes(context, StatusCodes.Status200OK, Responses.Purged);
    }

    public Task HealthAsync(HttpContext context) =>
        Responses.Json(context, StatusCodes.Status200OK, Array.FindAll(board.Snapshot(), s => s is not null)!, ServerJson.Default.HealthShareArray);

    public async Task ReceiveHealthAsync(HttpContext context)
    {
        HealthShare[]? shares;
        try
        {
            shares = await JsonSerializer.DeserializeAsync(context.Request.Body, ServerJson.Default.HealthShareArray, context.RequestAborted);
        }
        catch (JsonException)
        {
            await Responses.Error(context, StatusCodes.Status400BadRequest, "malformed health report");
            return;
        }

        // Any push from the primary, even an empty announcement, tells the standby to stop polling.
        if (!board.IsLocalPrimary)
        {
            board.HeardFromPrimary();
        }

        foreach (var share in shares ?? [])
        {
            if (share is not null && HealthBoard.TryParseKind(share.Processor, out var kind))
            {
                // The peer pushes what its poller polled; it is the primary unless this instance is.
                board.Apply(kind, share, fromPrimary: !board.IsLocalPrimary);
            }
        }

        await Responses.Empty(context, StatusCodes.Status204NoContent);
    }
}
