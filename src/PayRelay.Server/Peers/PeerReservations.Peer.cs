using System.Globalization;
using System.Text;
using PayRelay.Server.Ledger;
using PayRelay.Server.Net;
using PayRelay.Server.Storage;

namespace PayRelay.Server.Peers;

public sealed partial class PeerReservations
{
    public const string ReservePath = "/internal/reserve";
    public const string ReleasePath = "/internal/release";

    /// <summary>
    /// The peer asks to reserve an id (step 2, on the peer's side). An id this instance is checking is
    /// <see cref="Reservation.Busy"/>; an id the peer reserved before is its own to reserve again (its earlier check
    /// failed, maybe with the give-back lost); otherwise the store decides, atomically with its own accepts. A store
    /// still replaying its journal does not yet know every id it holds: it is busy too.
    /// </summary>
    public Reservation ReserveForPeer(Guid correlationId, long amountCents)
    {
        lock (_gate)
        {
            if (_checking.Contains(correlationId) || payments.State == StoreState.Recovering || _store is null)
            {
                return Reservation.Busy;
            }

            if (_reservedForPeer.Contains(correlationId))
            {
                // Reserved again, maybe with another amount: the new one is what the peer may accept.
                _store!.ForgetPeerReservation(correlationId);
            }

            switch (_store.ReserveForPeer(correlationId, amountCents))
            {
                case SeenResult.New:
                    _reservedForPeer.Add(correlationId);
                    return Reservation.Granted;
                case SeenResult.SameAmount:
                    // Between forgetting and reserving again, this instance took the id itself: it is no longer the peer's.
                    _reservedForPeer.Remove(correlationId);
                    return Reservation.Duplicate;
                default:
                    _reservedForPeer.Remove(correlationId);
                    return Reservation.Conflict;
            }
        }
    }

    /// <summary>The peer gives back a reservation it made here: the payment was not accepted there.</summary>
    public void ReleaseForPeer(Guid correlationId)
    {
        lock (_gate)
        {
            if (_reservedForPeer.Remove(correlationId))
            {
                _store!.ForgetPeerReservation(correlationId);
            }
        }
    }

    /// <summary>
    /// For a payment the peer hands over as it shuts down: an id held here only as the peer's reservation is that very
    /// payment (the peer accepted it after reserving it here), so it is this instance's to adopt. When it was one, the
    /// reservation is forgotten and true returned: the store must then take the payment in its place.
    /// </summary>
    public bool TakeOver(Guid correlationId)
    {
        lock (_gate)
        {
            if (!_reservedForPeer.Remove(correlationId))
            {
                return false;
            }

            _store!.ForgetPeerReservation(correlationId);
            return true;
        }
    }

    /// <summary>The status each reservation answer travels as between instances.</summary>
    public static int StatusOf(Reservation reservation) => reservation switch
    {
        Reservation.Granted => StatusCodes.Status201Created,
        Reservation.Duplicate => StatusCodes.Status200OK,
        Reservation.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status423Locked,
    };

    private static Reservation FromStatus(int status) => status switch
    {
        StatusCodes.Status201Created => Reservation.Granted,
        StatusCodes.Status200OK => Reservation.Duplicate,
        StatusCodes.Status409Conflict => Reservation.Conflict,
        StatusCodes.Status423Locked => Reservation.Busy,
        _ => Reservation.Unavailable,
    };

    /// <summary>The body of a reservation or a give-back: the payment's id and amount, as a payment is written.</summary>
    public static byte[] Body(Guid correlationId, long amountCents) =>
        Encoding.UTF8.GetBytes($"{{\"correlationId\":\"{correlationId:D}\",\"amount\":{Money.FromCents(amountCents).ToString("0.00", CultureInfo.InvariantCulture)}}}");

    private async Task<Reservation> AskAsync(string path, Guid correlationId, long amountCents, CancellationToken cancellationToken)
    {
        try
        {
            var status = await peer!.PostForStatusAsync(path, Body(correlationId, amountCents), cancellationToken);
            var answer = path == ReleasePath ? (status == StatusCodes.Status204NoContent ? Reservation.Granted : Reservation.Unavailable) : FromStatus(status);
            if (answer == Reservation.Unavailable)
            {
                Log.PeerUnavailable(logger, peer.Display, path, $"answered {status}");
            }

            return answer;
        }
        catch (Exception e) when (e is Http1Exception or OperationCanceledException)
        {
            Log.PeerUnavailable(logger, peer!.Display, path, e.Message);
            return Reservation.Unavailable;
        }
    }
}
