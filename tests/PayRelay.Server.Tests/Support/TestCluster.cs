using PayRelay.ProcessorEmulator;
using PayRelay.Server.Configuration;

namespace PayRelay.Server.Tests.Support;

/// <summary>
/// The deployment in process: two emulated processors (default 5 %, fallback 15 %) and two PayRelay
/// instances that listen on unix sockets in a temp directory and know each other as peers, api1 polling
/// the processors' health and api2 standing by. Timings are short so a scenario takes seconds.
/// </summary>
public sealed partial class TestCluster : IAsyncDisposable
{
    /// <summary>The emulators' health window; the instances poll a little less often than once per window.</summary>
    public static readonly TimeSpan HealthWindow = TimeSpan.FromSeconds(1);

    private readonly string _directory;
    private readonly ServerOptions[] _options;
    private readonly ServerHost?[] _instances;
    private readonly HttpClient[] _clients;

    private TestCluster(string directory, EmulatorHost defaultProcessor, EmulatorHost fallbackProcessor, int instances)
    {
        _directory = directory;
        _options = new ServerOptions[instances];
        _instances = new ServerHost?[instances];
        _clients = new HttpClient[instances];
        Default = defaultProcessor;
        Fallback = fallbackProcessor;
    }

    public EmulatorHost Default { get; }

    public EmulatorHost Fallback { get; }

    /// <summary>Counting fronts of the processors, when the cluster was started with <c>countHealthCalls</c>.</summary>
    public CountingProxy? DefaultProxy { get; private set; }

    public CountingProxy? FallbackProxy { get; private set; }

    /// <summary>How many instances the deployment has (running or not).</summary>
    public int Count => _instances.Length;

    /// <summary>The shared database of a <c>STORE=postgres</c> deployment; null for the embedded pair.</summary>
    public string? PostgresUrl { get; private init; }

    public ServerHost Instance(int index) => _instances[index] ?? throw new InvalidOperationException($"api{index + 1} is stopped.");

    public bool IsRunning(int index) => _instances[index] is not null;

    /// <summary>A client of one instance's socket, as the balancer would reach it.</summary>
    public HttpClient Client(int index) => _clients[index];

    public ServerOptions Options(int index) => _options[index];

    public string SocketPath(int index) => Path.Combine(_directory, $"api{index + 1}.sock");

    /// <summary>
    /// Starts processors and the instances (two peers, or with <paramref name="postgresUrl"/> any number sharing that
    /// PostgreSQL database and knowing no peer); <paramref name="configure"/> adjusts each instance's options.
    /// </summary>
    public static async Task<TestCluster> StartAsync(Func<ServerOptions, ServerOptions>? configure = null, bool countHealthCalls = false, int instances = 2, string? postgresUrl = null)
    {
        var directory = Directory.CreateTempSubdirectory("payrelay-it-").FullName;
        var defaultProcessor = await EmulatorHost.StartAsync(new EmulatorOptions { TransactionFee = 0.05m, RateLimitWindow = HealthWindow });
        var fallbackProcessor = await EmulatorHost.StartAsync(new EmulatorOptions { TransactionFee = 0.15m, RateLimitWindow = HealthWindow });
        var cluster = new TestCluster(directory, defaultProcessor, fallbackProcessor, instances) { PostgresUrl = postgresUrl };
        try
        {
            var defaultUrl = defaultProcessor.BaseAddress;
            var fallbackUrl = fallbackProcessor.BaseAddress;
            if (countHealthCalls)
            {
                cluster.DefaultProxy = await CountingProxy.StartAsync(defaultUrl);
                cluster.FallbackProxy = await CountingProxy.StartAsync(fallbackUrl);
                defaultUrl = cluster.DefaultProxy.BaseAddress;
                fallbackUrl = cluster.FallbackProxy.BaseAddress;
            }

            for (var i = 0; i < instances; i++)
            {
                var options = postgresUrl is null
                    ? BaseOptions(i, defaultUrl, fallbackUrl, "http://unix:" + cluster.SocketPath(1 - i))
                    : BaseOptions(i, defaultUrl, fallbackUrl, null) with
                    {
                        Store = StoreKind.Postgres,
                        PostgresUrl = postgresUrl,
                        HealthPoll = HealthPollRole.Primary,
                        // A crashed instance's payments are taken over a second after its last renewal.
                        PostgresLease = TimeSpan.FromSeconds(1),
                    };
                cluster._options[i] = configure is null ? options : configure(options);
                cluster._clients[i] = UnixSocketHttp.Client(cluster.SocketPath(i));
            }

            for (var i = 0; i < instances; i++)
            {
                await cluster.StartInstanceAsync(i);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private static ServerOptions BaseOptions(int index, Uri defaultUrl, Uri fallbackUrl, string? peerUrl) => new()
    {
        DefaultProcessorUrl = defaultUrl,
        FallbackProcessorUrl = fallbackUrl,
        DefaultProcessorFee = 0.05m,
        FallbackProcessorFee = 0.15m,
        InstanceId = $"api{index + 1}",
        PeerUrl = peerUrl,
        HealthPoll = index == 0 ? HealthPollRole.Primary : HealthPollRole.Standby,
        MaxInFlightPerProcessor = 64,
        ProcessorTimeout = TimeSpan.FromSeconds(3),
        ProbeInterval = TimeSpan.FromMilliseconds(100),
        HealthPollInterval = HealthWindow + TimeSpan.FromMilliseconds(100),
        HealthPollTimeout = TimeSpan.FromSeconds(2),
        // Every consistency check asserts a whole summary, so a peer slowed by a loaded CI machine must not count as
        // missing (at 500 ms one did, once); the two tests of a missing peer wait this long once each.
        PeerTimeout = TimeSpan.FromSeconds(2),
        ShutdownTimeout = TimeSpan.FromSeconds(5),
    };

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < Count; i++)
        {
            await KillInstanceAsync(i);
            _clients[i]?.Dispose();
        }

        if (DefaultProxy is not null)
        {
            await DefaultProxy.DisposeAsync();
        }

        if (FallbackProxy is not null)
        {
            await FallbackProxy.DisposeAsync();
        }

        await Default.DisposeAsync();
        await Fallback.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
