using PayRelay.Server.Dispatch;
using PayRelay.Server.Http;
using PayRelay.Server.Net;
using PayRelay.Server.Storage;

namespace PayRelay.Server.Peers;

/// <summary>
/// Hands a draining instance's payments to the peer over <c>POST /internal/handoff</c>, in batches that fit the wire
/// layer's limit for bodies other than payments. The peer journals each batch before it answers; only then does
/// this instance journal the batch as handed off. A batch the peer does not acknowledge stays here.
/// </summary>
public sealed class PaymentHandOff(IPaymentStore store, PeerClient peer, TimeProvider time, ILogger<PaymentHandOff> logger)
{
    /// <summary>
    /// About 150 bytes of JSON a payment: 40 make about 6 KB, inside <see cref="Http.Wire.Http1ConnectionHandler.MaxBodyBytes"/>.
    /// </summary>
    public const int BatchSize = 40;

    /// <summary>Sends <paramref name="payments"/>; returns those the peer did not take (all of them when it is unreachable).</summary>
    public async Task<List<PendingPayment>> SendAsync(IReadOnlyList<PendingPayment> payments, CancellationToken cancellationToken)
    {
        var kept = new List<PendingPayment>();
        var handed = 0;
        for (var start = 0; start < payments.Count; start += BatchSize)
        {
            var batch = payments.Skip(start).Take(BatchSize).ToList();
            var items = batch.Select(p => ToWire(HandedOffPayment.Of(p, time))).ToArray();
            try
            {
                await peer.PostAsync("internal/handoff", items, ServerJson.Default.HandOffItemArray, cancellationToken);
            }
            catch (Exception e) when (e is Http1Exception or OperationCanceledException or IOException)
            {
                Log.PeerUnavailable(logger, peer.Display, "hand-off", e.Message);
                kept.AddRange(payments.Skip(start));
                break;
            }

            await store.MarkHandedOffAsync(batch, CancellationToken.None);
            handed += batch.Count;
        }

        if (handed > 0)
        {
            StoreLog.HandedOff(logger, handed, peer.Display);
        }

        return kept;
    }

    private static HandOffItem ToWire(in HandedOffPayment payment) => new(
        payment.CorrelationId,
        payment.AmountCents,
        payment.AcceptedAtMs,
        payment.PinnedTo is { } pinned ? ProcessorKinds.Name(pinned) : null,
        payment.RequestedAtMs);
}
