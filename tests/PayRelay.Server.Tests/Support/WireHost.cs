using Microsoft.AspNetCore.Hosting.Server;
using PayRelay.Server.Configuration;
using PayRelay.Server.Http.Wire;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Support;

/// <summary>
/// One instance on a loopback TCP port, alone (no peer, processors nowhere), on a virtual clock so its wire timeouts
/// and a refused request's linger pass when a test says so; its log lines are captured.
/// </summary>
public sealed class WireHost : IAsyncDisposable
{
    private WireHost(ServerHost host, ManualTimeProvider time, CapturedLogs logs)
    {
        Host = host;
        Time = time;
        Logs = logs;
    }

    public ServerHost Host { get; }

    public ManualTimeProvider Time { get; }

    public CapturedLogs Logs { get; }

    internal WireServer Server => (WireServer)Host.Get<IServer>();

    public static async Task<WireHost> StartAsync(Func<ServerOptions, ServerOptions>? configure = null)
    {
        var nowhere = new Uri($"http://127.0.0.1:{ScriptedProcessor.UnusedPort()}");
        var options = new ServerOptions
        {
            DefaultProcessorUrl = nowhere,
            FallbackProcessorUrl = nowhere,
            InstanceId = "wire",
            ShutdownTimeout = TimeSpan.Zero,
        };
        var time = new ManualTimeProvider();
        var host = await ServerHost.StartAsync(configure is null ? options : configure(options), "http://127.0.0.1:0", time);
        return new WireHost(host, time, CapturedLogs.AttachTo(host));
    }

    public Task<RawHttpConnection> ConnectAsync() => RawHttpConnection.OpenAsync(Host.BaseAddress);

    /// <summary>
    /// Waits until the server closes <paramref name="connection"/>, moving the clock a second at a time (a refused
    /// request's connection lingers a second for the client to read its answer): true when it closed with nothing
    /// more sent.
    /// </summary>
    public async Task<bool> ClosedByServerAsync(RawHttpConnection connection, TimeSpan? step = null)
    {
        using var deadline = new CancellationTokenSource(Eventually.Deadline);
        var rest = connection.ReadToEndAsync(deadline.Token);
        await Eventually.HoldsAsync(
            () =>
            {
                Time.Advance(step ?? TimeSpan.FromSeconds(1));
                return rest.IsCompleted;
            },
            "the server to close the connection");
        return (await rest).Length == 0;
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
