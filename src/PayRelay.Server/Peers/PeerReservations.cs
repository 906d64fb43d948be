using PayRelay.Server.Storage;

namespace PayRelay.Server.Peers;

/// <summary>
/// Makes sure a correlationId is charged once across both instances when its spelling may have led the balancer to
/// the wrong one. A canonical spelling reaches the instance its id hashes to, whose own dedupe set decides with no
/// call. Any other spelling is accepted only once the peer has reserved the id for this instance:
/// <list type="number">
/// <item>here, the id is marked as being checked, unless this store already holds it (a repeat or a conflict) or
/// another check of it runs (<see cref="Reservation.Busy"/>);</item>
/// <item>the peer reserves it in its own dedupe set (a <em>peer reservation</em>: held as seen, never queued there), or
/// answers that it holds it, or that it is checking it itself;</item>
/// <item>once reserved, the payment is offered here as any other; should that fail (queue full, draining), the
/// reservation is given back.</item>
/// </list>
/// No instance ever waits for the other's check: a check that meets another one answers <see cref="Reservation.Busy"/>
/// and the client retries, so two instances cannot deadlock, and both cannot accept: an instance accepts only after
/// its peer reserved the id, and neither the peer's fast path nor its own checks accept an id it reserved, while this
/// instance, being mid-check, refuses the peer's reservation. A peer that cannot be asked means 503: nothing is
/// accepted that might be charged twice.
/// </summary>
public sealed partial class PeerReservations(IPaymentStore payments, PeerClient? peer, ILogger<PeerReservations> logger)
{
    /// <summary>The store's dedupe set, when it is this instance's own; a shared store's holds every instance's ids already.</summary>
    private readonly IReservationStore? _store = payments.Shared ? null : payments as IReservationStore;

    private readonly Lock _gate = new();

    /// <summary>Ids this instance is checking with its peer right now.</summary>
    private readonly HashSet<Guid> _checking = [];

    /// <summary>Ids the peer reserved here: only these may it give back, and it may reserve them again.</summary>
    private readonly HashSet<Guid> _reservedForPeer = [];

    private int _checks;

    /// <summary>True when there is a peer to ask and a dedupe set of this instance's own; a lone instance's is the whole deployment's.</summary>
    public bool Enabled => peer is not null && _store is not null;

    /// <summary>Whether a check of <paramref name="correlationId"/> runs here; free while none does.</summary>
    public bool IsChecking(Guid correlationId)
    {
        if (Volatile.Read(ref _checks) == 0)
        {
            return false;
        }

        lock (_gate)
        {
            return _checking.Contains(correlationId);
        }
    }

    /// <summary>
    /// Steps 1 and 2: on <see cref="Reservation.Granted"/> the id is reserved at the peer and marked as being checked
    /// here; the caller offers the payment, gives the reservation back with <see cref="GiveBack"/> if the offer failed,
    /// and always calls <see cref="EndCheck"/>. Any other answer has ended the check already.
    /// </summary>
    public async Task<Reservation> BeginCheckAsync(Guid correlationId, long amountCents, CancellationToken cancellationToken)
    {
        if (peer is null || _store is null)
        {
            return Reservation.Granted;
        }

        lock (_gate)
        {
            if (_checking.Contains(correlationId))
            {
                return Reservation.Busy;
            }

            // An id held here only as the peer's reservation is not this instance's to call a repeat: the peer decides.
            if (!_reservedForPeer.Contains(correlationId))
            {
                switch (_store.Find(correlationId, amountCents))
                {
                    case SeenResult.SameAmount:
                        return Reservation.Duplicate;
                    case SeenResult.OtherAmount:
                        return Reservation.Conflict;
                }
            }

            _checking.Add(correlationId);
            _checks++;
        }

        var answer = await AskAsync(ReservePath, correlationId, amountCents, cancellationToken);
        if (answer == Reservation.Granted)
        {
            // The peer does not hold the id (its check here failed and the give-back was lost): the reservation it left
            // here is void, and the id is this instance's to accept.
            TakeOver(correlationId);
        }
        else
        {
            EndCheck(correlationId);
        }

        if (answer == Reservation.Unavailable)
        {
            // The peer may have reserved the id before its answer was lost: give it back, or a later spelling there
            // would be taken as a repeat of a payment nobody accepted.
            GiveBack(correlationId, amountCents);
        }

        return answer;
    }

    /// <summary>
    /// Whether <paramref name="correlationId"/> is held here only as the peer's reservation. The store answers such an
    /// id as a repeat, but the peer may never have accepted it (its own accept failed and the give-back was lost):
    /// only the peer can say, through <see cref="BeginCheckAsync"/>. Asked only for repeats, never on a new payment.
    /// </summary>
    public bool IsReservedForPeer(Guid correlationId)
    {
        lock (_gate)
        {
            return _reservedForPeer.Contains(correlationId);
        }
    }

    /// <summary>Ends a check <see cref="BeginCheckAsync"/> granted, once the payment was offered here.</summary>
    public void EndCheck(Guid correlationId)
    {
        lock (_gate)
        {
            if (_checking.Remove(correlationId))
            {
                _checks--;
            }
        }
    }

    /// <summary>Gives a reservation back to the peer, in the background and once: the payment was not accepted here.</summary>
    public void GiveBack(Guid correlationId, long amountCents) => _ = GiveBackAsync(correlationId, amountCents);

    /// <summary>Forgets every check and reservation (part of a purge, with the store's dedupe set).</summary>
    public void Purge()
    {
        lock (_gate)
        {
            _reservedForPeer.Clear();
            _reservedForPeer.TrimExcess();
        }
    }

    private async Task GiveBackAsync(Guid correlationId, long amountCents)
    {
        await Task.Yield();
        if (await AskAsync(ReleasePath, correlationId, amountCents, CancellationToken.None) == Reservation.Unavailable)
        {
            Log.ReservationNotReturned(logger, correlationId);
        }
    }
}
