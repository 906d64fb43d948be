using PayRelay.Server.Configuration;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Peers;
using PayRelay.Server.Storage;

namespace PayRelay.Server;

/// <summary>
/// Start and graceful shutdown. On start the store replays its journal before the dispatcher runs. On SIGTERM the
/// instance first refuses new payments (503, and <c>/healthz</c> turns 503 so the balancer moves on) and gives the
/// balancer a moment to notice. Then, with a peer, it stops sending and hands what it holds to the peer, which
/// journals each batch before it acknowledges; attempts in flight run to their end within the deadline and what
/// they give back is handed off too. Without a peer (or when the peer refuses) the dispatcher finishes what it
/// can until <see cref="ServerOptions.ShutdownTimeout"/>. Whatever is left stays in the journal for the next
/// start: the drain deadline never strands a payment behind the fallback's wait.
/// </summary>
public sealed class DrainService(
    ServerOptions options,
    IPaymentStore store,
    Dispatcher dispatcher,
    TimeProvider time,
    ILogger<DrainService> logger,
    PaymentHandOff? handOff = null)
    : IHostedLifecycleService
{
    /// <summary>How long a draining instance keeps answering before its listener closes.</summary>
    public static readonly TimeSpan BalancerGrace = TimeSpan.FromSeconds(1.5);

    private long _drainStarted;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The store replays what it held before this start, then the dispatcher starts on it.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.RecoverAsync(cancellationToken);
        dispatcher.Start();
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _drainStarted = time.GetTimestamp();
        store.Close();
        Log.Draining(logger, dispatcher.Pending, dispatcher.InFlight, options.ShutdownTimeout.TotalSeconds);
        var grace = BalancerGrace < options.ShutdownTimeout ? BalancerGrace : options.ShutdownTimeout;
        await Task.Delay(grace, time, cancellationToken).ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A cancelled stop is a kill in all but name (the host gave up waiting): no hand-off, the journal keeps it all.
        var left = handOff is not null && !store.Shared && !cancellationToken.IsCancellationRequested
            ? await HandOffAsync(handOff, cancellationToken)
            : await dispatcher.DrainAsync(Remaining(), cancellationToken);
        await store.CloseAsync(left, CancellationToken.None);
        if (left.Count == 0)
        {
            Log.Drained(logger);
        }
        else if (store is EmbeddedStore { Journaled: false })
        {
            StoreLog.LostWithoutJournal(logger, left.Count);
        }
        else
        {
            StoreLog.LeftInJournal(logger, left.Count);
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Hands off what is held now, then what the attempts in flight give back. When the peer cannot take them, this
    /// instance works on them itself until the deadline.
    /// </summary>
    private async Task<IReadOnlyList<PendingPayment>> HandOffAsync(PaymentHandOff handOff, CancellationToken cancellationToken)
    {
        var kept = await handOff.SendAsync(await dispatcher.StopSendingAsync(), CancellationToken.None);
        if (kept.Count > 0)
        {
            dispatcher.Restart(kept);
            return await dispatcher.DrainAsync(Remaining(), cancellationToken);
        }

        await dispatcher.SettleInFlightAsync(Remaining());
        return await handOff.SendAsync(dispatcher.TakeHeld(), CancellationToken.None);
    }

    private TimeSpan Remaining()
    {
        var left = options.ShutdownTimeout - time.GetElapsedTime(_drainStarted);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
