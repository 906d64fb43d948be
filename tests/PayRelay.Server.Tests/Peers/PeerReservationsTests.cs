using Microsoft.Extensions.Logging.Abstractions;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Ledger;
using PayRelay.Server.Peers;
using PayRelay.Server.Storage;
using PayRelay.Server.Tests.Support;

namespace PayRelay.Server.Tests.Peers;

/// <summary>The rules one instance applies when its peer reserves, or gives back, a correlationId in its dedupe set.</summary>
public sealed class PeerReservationsTests : IAsyncLifetime
{
    private readonly PaymentIntake _intake = new(100);
    private readonly EmbeddedStore _store;

    public PeerReservationsTests() => _store = new(new PaymentLedger(), _intake, TimeProvider.System);

    public async Task InitializeAsync() => await _store.RecoverAsync(CancellationToken.None);

    public Task DisposeAsync() => Task.CompletedTask;

    private PeerReservations Reservations(PeerClient? peer = null) => new(_store, peer, NullLogger<PeerReservations>.Instance);

    [Fact]
    public async Task ReserveForPeer_NewId_GrantedAndThenARepeatHereInAnySpelling()
    {
        var reservations = Reservations();
        var id = Guid.NewGuid();

        Assert.Equal(Reservation.Granted, reservations.ReserveForPeer(id, 1990));

        Assert.Equal(AcceptResult.Duplicate, await _store.AcceptAsync(id, 1990, CancellationToken.None));
        Assert.Equal(AcceptResult.Conflict, await _store.AcceptAsync(id, 2005, CancellationToken.None));
        Assert.Equal(0, _intake.Depth);
    }

    [Fact]
    public async Task ReserveForPeer_IdAcceptedHere_DuplicateOrConflictByAmount()
    {
        var reservations = Reservations();
        var id = Guid.NewGuid();
        Assert.Equal(AcceptResult.Accepted, await _store.AcceptAsync(id, 1990, CancellationToken.None));

        Assert.Equal(Reservation.Duplicate, reservations.ReserveForPeer(id, 1990));
        Assert.Equal(Reservation.Conflict, reservations.ReserveForPeer(id, 2005));
    }

    [Fact]
    public async Task ReleaseForPeer_OnlyWhatThePeerReserved_IsForgotten()
    {
        var reservations = Reservations();
        var reserved = Guid.NewGuid();
        var accepted = Guid.NewGuid();
        reservations.ReserveForPeer(reserved, 1990);
        await _store.AcceptAsync(accepted, 1990, CancellationToken.None);

        reservations.ReleaseForPeer(reserved);
        reservations.ReleaseForPeer(accepted);

        Assert.Equal(SeenResult.New, _store.Find(reserved, 1990));
        Assert.Equal(SeenResult.SameAmount, _store.Find(accepted, 1990));
        Assert.Equal(Reservation.Duplicate, reservations.ReserveForPeer(accepted, 1990));
    }

    /// <summary>The peer asks again for an id it reserved: its earlier check failed (maybe with the give-back lost), so it is its to take.</summary>
    [Fact]
    public void ReserveForPeer_AgainForItsOwnReservation_GrantedWithTheNewAmount()
    {
        var reservations = Reservations();
        var id = Guid.NewGuid();
        reservations.ReserveForPeer(id, 1990);

        Assert.Equal(Reservation.Granted, reservations.ReserveForPeer(id, 2005));
        Assert.Equal(SeenResult.SameAmount, _store.Find(id, 2005));
    }

    /// <summary>A payment the peer hands over on shutdown, held here only as its reservation, is free to be adopted.</summary>
    [Fact]
    public async Task TakeOver_PeerReservation_ForgottenSoTheHandedPaymentIsAdopted()
    {
        var reservations = Reservations();
        var reserved = Guid.NewGuid();
        var accepted = Guid.NewGuid();
        reservations.ReserveForPeer(reserved, 1990);
        await _store.AcceptAsync(accepted, 1990, CancellationToken.None);

        Assert.True(reservations.TakeOver(reserved));
        Assert.False(reservations.TakeOver(accepted));
        Assert.False(reservations.TakeOver(Guid.NewGuid()));

        Assert.Equal(1, await _store.AdoptAsync([new HandedOffPayment(reserved, 1990, 0, null, 0), new HandedOffPayment(accepted, 1990, 0, null, 0)], CancellationToken.None));
        Assert.Equal(Reservation.Duplicate, reservations.ReserveForPeer(reserved, 1990));
    }

    [Fact]
    public async Task ReserveForPeer_StoreStillRecovering_Busy()
    {
        var recovering = new EmbeddedStore(new PaymentLedger(), new PaymentIntake(100), TimeProvider.System);
        var reservations = new PeerReservations(recovering, null, NullLogger<PeerReservations>.Instance);

        Assert.Equal(Reservation.Busy, reservations.ReserveForPeer(Guid.NewGuid(), 1990));
        await recovering.RecoverAsync(CancellationToken.None);
        Assert.Equal(Reservation.Granted, reservations.ReserveForPeer(Guid.NewGuid(), 1990));
    }

    /// <summary>While this instance asks its peer about an id, the peer's own reservation of it is refused: no deadlock, no second owner.</summary>
    [Fact]
    public async Task ReserveForPeer_WhileThisInstanceChecksTheId_BusyUntilTheCheckEnds()
    {
        using var silent = new SilentPeer(Path.Combine(Path.GetTempPath(), $"payrelay-silent-{Guid.NewGuid():N}.sock"));
        using var peer = new PeerClient(silent.Url, TimeSpan.FromSeconds(30));
        var reservations = Reservations(peer);
        var id = Guid.NewGuid();
        using var stop = new CancellationTokenSource();

        var check = reservations.BeginCheckAsync(id, 1990, stop.Token);

        Assert.True(reservations.IsChecking(id));
        Assert.Equal(Reservation.Busy, reservations.ReserveForPeer(id, 1990));
        Assert.Equal(Reservation.Busy, await reservations.BeginCheckAsync(id, 1990, CancellationToken.None));
        Assert.Equal(Reservation.Granted, reservations.ReserveForPeer(Guid.NewGuid(), 1990));

        await stop.CancelAsync();
        Assert.Equal(Reservation.Unavailable, await check.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(reservations.IsChecking(id));
        Assert.Equal(Reservation.Granted, reservations.ReserveForPeer(id, 1990));
    }

    [Fact]
    public async Task BeginCheck_IdAlreadyHeldHere_AnsweredWithoutAskingThePeer()
    {
        using var silent = new SilentPeer(Path.Combine(Path.GetTempPath(), $"payrelay-silent-{Guid.NewGuid():N}.sock"));
        using var peer = new PeerClient(silent.Url, TimeSpan.FromSeconds(30));
        var reservations = Reservations(peer);
        var id = Guid.NewGuid();
        await _store.AcceptAsync(id, 1990, CancellationToken.None);

        Assert.Equal(Reservation.Duplicate, await reservations.BeginCheckAsync(id, 1990, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(Reservation.Conflict, await reservations.BeginCheckAsync(id, 2005, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(reservations.IsChecking(id));
    }
}
