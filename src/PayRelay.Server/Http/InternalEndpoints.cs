using System.Buffers;
using System.Text.Json;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Ledger;
using PayRelay.Server.Peers;
using PayRelay.Server.Storage;

namespace PayRelay.Server.Http;

/// <summary>
/// What one instance asks of the other: its local summary, a local purge, health poll results, and reservations of
/// correlationIds that came in a non-canonical spelling (<see cref="PeerReservations"/>). The
/// balancer denies <c>/internal/</c> to clients. While the store recovers, its summary is 503: the asking peer
/// then marks its answer partial rather than count this instance's payments as none.
/// </summary>
public sealed class InternalEndpoints(IPaymentStore store, ClusterLedger cluster, HealthBoard board, PeerReservations reservations)
{
    private static readonly byte[] MalformedHealth = Responses.ErrorBody("malformed health report");

    public async Task SummaryAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (!SummaryRange.TryParse(query["from"], query["to"], out var range, out var error))
        {
            await Responses.Error(context, StatusCodes.Status400BadRequest, error!);
            return;
        }

        if (store.State == StoreState.Recovering)
        {
            await Responses.Error(context, StatusCodes.Status503ServiceUnavailable, "this instance is recovering its journal");
            return;
        }

        var summary = await store.SummarizeAsync(range.FromMs, range.ToMs, context.RequestAborted);
        await Responses.Json(context, StatusCodes.Status200OK, ClusterLedger.ToWire(summary), ServerJson.Default.SummaryResponse);
    }

    public async Task Purge(HttpContext context)
    {
        await cluster.PurgeLocalAsync(context.RequestAborted);
        await Responses.Bytes(context, StatusCodes.Status200OK, Responses.Purged);
    }

    /// <summary>
    /// <c>POST /internal/reserve</c>: the peer asks to reserve a correlationId before it accepts a payment whose id came
    /// in another spelling. The status says the answer (<see cref="PeerReservations.StatusOf"/>); the wire layer writes it.
    /// </summary>
    public (int Status, byte[] Body) Reserve(ReadOnlySequence<byte> body)
    {
        var request = PaymentRequest.Parse(body);
        return request.IsValid
            ? (PeerReservations.StatusOf(reservations.ReserveForPeer(request.CorrelationId, request.AmountCents)), [])
            : (StatusCodes.Status400BadRequest, Responses.ErrorBody(request.Error!));
    }

    /// <summary><c>POST /internal/release</c>: the peer gives back a reservation; the payment was not accepted there.</summary>
    public (int Status, byte[] Body) Release(ReadOnlySequence<byte> body)
    {
        var request = PaymentRequest.Parse(body);
        if (!request.IsValid)
        {
            return (StatusCodes.Status400BadRequest, Responses.ErrorBody(request.Error!));
        }

        reservations.ReleaseForPeer(request.CorrelationId);
        return (StatusCodes.Status204NoContent, []);
    }

    public Task HealthAsync(HttpContext context) =>
        Responses.Json(context, StatusCodes.Status200OK, Array.FindAll(board.Snapshot(), s => s is not null)!, ServerJson.Default.HealthShareArray);

    /// <summary>
    /// <c>POST /internal/health</c>: the primary's poll results, every 5 s. The wire layer hands it the whole body and
    /// writes the answer, 204 or a 400 with a JSON error, without an <see cref="HttpContext"/>.
    /// </summary>
    public (int Status, byte[] Body) ReceiveHealth(ReadOnlySequence<byte> body)
    {
        HealthShare?[]? shares;
        try
        {
            shares = JsonSerializer.Deserialize(body.IsSingleSegment ? body.FirstSpan : body.ToArray(), ServerJson.Default.HealthShareArray);
        }
        catch (JsonException)
        {
            return (StatusCodes.Status400BadRequest, MalformedHealth);
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

        return (StatusCodes.Status204NoContent, []);
    }
}
