namespace PayRelay.ProcessorEmulator;

/// <summary>
/// An emulated processor running in the current process on a real loopback port, for tests and
/// the bench: start it, point a client at <see cref="BaseAddress"/>, steer it through <see cref="State"/>.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private EmulatorHost(WebApplication app, EmulatorState state, Uri baseAddress)
    {
        _app = app;
        State = state;
        BaseAddress = baseAddress;
    }

    /// <summary>The bound address, ending with a slash, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Direct in-process control and inspection.</summary>
    public EmulatorState State { get; }

    /// <summary>Starts a processor listening on <see cref="EmulatorOptions.Url"/> (an ephemeral port by default).</summary>
    public static async Task<EmulatorHost> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (app, state) = EmulatorApplication.Create([], options, listenOnOptionsUrl: true);
        try
        {
            await app.StartAsync(cancellationToken);
            var bound = app.Urls.First();
            return new EmulatorHost(app, state, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops listening; payments still waiting out their delay are dropped, as when a processor dies.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
