namespace PayRelay.Server.Storage;

/// <summary>
/// What the cross-instance check (<see cref="Peers.PeerReservations"/>) needs of a store that keeps one instance's
/// dedupe set: look an id up, reserve it for the peer (held as seen, never queued here) and forget such a
/// reservation. Each call is atomic with the store's own <see cref="IPaymentStore.AcceptAsync"/>. A shared store
/// holds every instance's ids in one set and needs none of this.
/// <para>
/// A reservation is as much a part of the dedupe set as an accepted payment: a store that journals its accepts must
/// journal a reservation and its release too, or after a restart a canonical spelling of a reserved id would be taken
/// here as new while the peer charges it.
/// </para>
/// </summary>
public interface IReservationStore
{
    /// <summary>Whether <paramref name="correlationId"/> is held, compared with <paramref name="amountCents"/>; adds nothing (<see cref="SeenResult.New"/>: not held).</summary>
    SeenResult Find(Guid correlationId, long amountCents);

    /// <summary>
    /// Holds <paramref name="correlationId"/> as taken by the peer, when nothing holds it yet: from then on an offer of it
    /// here is a duplicate (or a conflict). <see cref="SeenResult.New"/>: reserved now; otherwise what held it.
    /// </summary>
    SeenResult ReserveForPeer(Guid correlationId, long amountCents);

    /// <summary>Forgets a reservation made by <see cref="ReserveForPeer"/>: the peer did not accept the payment after all.</summary>
    void ForgetPeerReservation(Guid correlationId);
}
