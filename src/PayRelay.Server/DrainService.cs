using PayRelay.Server.Configuration;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Storage;

namespace PayRelay.Server;

/// <summary>
/// Graceful shutdown. On SIGTERM the instance first refuses new payments (503, and <c>/healthz</c> turns 503 so
/// the balancer moves on), gives the balancer a moment to notice, then lets the dispatcher finish what it
/// holds until <see cref="ServerOptions.ShutdownTimeout"/>. Whatever is still unconfirmed then is logged
/// with its correlationIds.
/// </summary>
public sealed class DrainService(ServerOptions options, IPaymentStore store, Dispatcher dispatcher, TimeProvider time, ILogger<DrainService> logger)
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
        var left = options.ShutdownTimeout - time.GetElapsedTime(_drainStarted);
        var pending = await dispatcher.DrainAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken);
        await store.CloseAsync(pending, CancellationToken.None);
        if (pending.Count == 0)
        {
            Log.Drained(logger);
            return;
        }

        var ids = string.Join(',', pending.Select(p => p.CorrelationId));
        Log.PendingAtShutdown(logger, pending.Count, ids);
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
