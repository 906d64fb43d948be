namespace PayRelay.Server.Tests.Support;

public sealed partial class TestCluster
{
    /// <summary>Starts (or restarts) an instance on its socket with its options.</summary>
    public async Task StartInstanceAsync(int index)
    {
        if (_instances[index] is not null)
        {
            throw new InvalidOperationException($"api{index + 1} is already running.");
        }

        File.Delete(SocketPath(index));
        _instances[index] = await ServerHost.StartAsync(_options[index], "http://unix:" + SocketPath(index));
    }

    /// <summary>
    /// Stops an instance the way SIGTERM does (drain included). The instance stays reachable while it drains
    /// (<see cref="Instance"/>, <see cref="Client"/>); once the returned task completes it is gone.
    /// </summary>
    public async Task StopInstanceAsync(int index)
    {
        var host = Instance(index);
        try
        {
            await host.StopAsync();
        }
        finally
        {
            _instances[index] = null;
            await host.DisposeAsync();
        }
    }

    /// <summary>Takes an instance down at once, without draining: the end of a test, or a crash.</summary>
    public async Task KillInstanceAsync(int index)
    {
        var host = _instances[index];
        if (host is null)
        {
            return;
        }

        _instances[index] = null;
        try
        {
            await host.StopAsync(new CancellationToken(canceled: true));
        }
        catch (OperationCanceledException)
        {
            // A cancelled stop skips the drain, which is the point here.
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>
    /// Crashes a <c>STORE=postgres</c> instance: it stops renewing its lease and vanishes without releasing it, so the
    /// others must wait the lease out and take its payments over.
    /// </summary>
    public async Task CrashInstanceAsync(int index)
    {
        if (Instance(index).Get<PayRelay.Server.Storage.IPaymentStore>() is PayRelay.Server.Storage.Postgres.PostgresStore store)
        {
            store.Abandon();
        }

        await KillInstanceAsync(index);
    }
}
