namespace PayRelay.Server.Peers;

/// <summary>What an instance answers when its peer asks to reserve a correlationId, and how a checked payment ends.</summary>
public enum Reservation
{
    /// <summary>Nobody here holds the id: it is now reserved for the asker, and a payment may be accepted there.</summary>
    Granted,

    /// <summary>The id is held here with the same amount: the payment is a repeat, processed once.</summary>
    Duplicate,

    /// <summary>The id is held here with another amount (409).</summary>
    Conflict,

    /// <summary>This instance is checking the id with its own peer right now: try again shortly (503).</summary>
    Busy,

    /// <summary>The peer could not be asked, or did not answer in time: nothing was accepted (503).</summary>
    Unavailable,
}

/// <summary>Whether the dedupe set already holds a correlationId, and with which amount.</summary>
public enum Holding
{
    None,
    SameAmount,
    OtherAmount,
}

/// <summary>
/// What the cross-instance check needs of the store's dedupe set: look an id up, reserve it for the peer (held as seen,
/// never queued here) and forget such a reservation. Each call is atomic with the store's own accept.
/// </summary>
public interface IReservationStore
{
    /// <summary>Whether <paramref name="correlationId"/> is held, compared with <paramref name="amountCents"/>; adds nothing.</summary>
    Holding Find(Guid correlationId, long amountCents);

    /// <summary>
    /// Holds <paramref name="correlationId"/> as taken by the peer, when nothing holds it yet: from then on, an offer of it
    /// here is a duplicate (or a conflict). Returns what held it before (<see cref="Holding.None"/>: reserved now).
    /// </summary>
    Holding ReserveForPeer(Guid correlationId, long amountCents);

    /// <summary>Forgets a reservation made by <see cref="ReserveForPeer"/>: the peer did not accept the payment after all.</summary>
    void ForgetPeerReservation(Guid correlationId);
}
