using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PayRelay.Server.Configuration;

namespace PayRelay.Server;

/// <summary>An instance started in process, for tests and tools: the real server on a real socket.</summary>
public sealed class ServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServerHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The bound address, e.g. <c>http://127.0.0.1:41234/</c> (or the unix socket URL it was given).</summary>
    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ServerHost> StartAsync(ServerOptions options, string url = "http://127.0.0.1:0", TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var app = ServerApp.Build(["--urls", url], options, time ?? TimeProvider.System);
        await app.StartAsync(cancellationToken);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? url;
        return new ServerHost(app, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
    }

    public T Get<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Stops the way SIGTERM does: drain, then exit.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
