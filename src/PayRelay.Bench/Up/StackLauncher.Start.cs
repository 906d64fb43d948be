using PayRelay.Bench.Http;

namespace PayRelay.Bench.Up;

public sealed partial class StackLauncher
{
    private const int ProcessorTier = 0;
    private const int ServerTier = 1;
    private const int BalancerTier = 2;
    private static readonly string[] BalancerServiceNames = ["load-balancer", "haproxy", "nginx", "lb"];

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var layout = RepoLayout.Find(options.RepositoryRoot);
        var balancer = await Dependencies.ForThisMachine(console).RequireAsync(options.LoadBalancer, options.NoInstall, cancellationToken);
        var composePath = options.Store == UpStore.Postgres ? layout.PostgresCompose : layout.ComposeFor(options.LoadBalancer);
        var compose = File.Exists(composePath) ? ComposeFile.Load(composePath) : null;
        if (options.Limits && compose is null)
        {
            throw new InvalidOperationException($"--limits reads {composePath}, which does not exist");
        }

        EnsurePortFree(options.Port);
        if (options.Processors is null)
        {
            EnsurePortFree(options.ProcessorPorts.Default);
            EnsurePortFree(options.ProcessorPorts.Fallback);
        }

        if (!options.NoBuild)
        {
            if (options.Processors is null)
            {
                await BuildAsync(layout.EmulatorProject, cancellationToken);
            }

            if (options.ServerDirectory is null && options.Backend == UpBackend.PayRelay)
            {
                await BuildAsync(layout.ServerProject, cancellationToken);
            }
        }

        if (options.ServerDirectory is { } published && !File.Exists(layout.ServerDllIn(published)))
        {
            throw new InvalidOperationException($"{published} holds no PayRelay.Server.dll: run scripts/publish.sh --output {published} first");
        }

        RequireFile(options.Backend == UpBackend.Relay ? RelayFloorDll : layout.ServerDllIn(options.ServerDirectory), "the server");
        if (options.Processors is null)
        {
            RequireFile(layout.EmulatorDll, "the processor emulator");
        }

        _workDirectory = Directory.CreateTempSubdirectory("payrelay-up-");

        // A balancer may run its workers as another user (nginx started as root runs them as nobody):
        // they must reach the sockets, which the instances make world-writable.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_workDirectory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        var sockets = Directory.CreateDirectory(Path.Combine(_workDirectory.FullName, "sockets")).FullName;
        Directory.CreateDirectory(Path.Combine(_workDirectory.FullName, "logs"));

        if (options.Store == UpStore.Postgres)
        {
            // The deployment's database: the compose file's server settings always, its limits under --limits.
            var db = compose is not null && compose.ServiceNames.Contains(LocalPostgres.ComposeService) ? compose : null;
            _postgres = await LocalPostgres.StartAsync(Path.Combine(_workDirectory.FullName, "postgres"), db?.ServerSettings(LocalPostgres.ComposeService) ?? [], cancellationToken);
            if (options.Limits && db is not null)
            {
                LocalPostgres.Confine(_postgres, Limit(db, LocalPostgres.ComposeService, LocalPostgres.ComposeService));
            }
        }

        var (defaultUrl, fallbackUrl) = options.Processors ?? await StartProcessorsAsync(layout, cancellationToken);
        await StartServersAsync(layout, compose, sockets, defaultUrl, fallbackUrl, cancellationToken);

        var spec = options.LoadBalancer == "nginx"
            ? LoadBalancerConfig.Nginx(balancer, layout.NginxConfig, sockets, options.Port, Path.Combine(_workDirectory.FullName, "nginx"))
            : options.Store == UpStore.Postgres
                ? LoadBalancerConfig.HaproxyFor(balancer, layout.PostgresHaproxyConfig, sockets, options.Port, options.Instances, _workDirectory.FullName)
                : LoadBalancerConfig.Haproxy(balancer, layout.HaproxyConfig, sockets, options.Port);
        var lbService = compose?.ServiceNames.FirstOrDefault(n => BalancerServiceNames.Contains(n)) ?? "load-balancer";
        var lb = Launch(spec, BalancerTier, compose, lbService);
        await Readiness.WaitAsync(Local(options.Port), "payments-summary", 200, lb, options.ReadyTimeout, time, cancellationToken);
        _processorUrls = (defaultUrl, fallbackUrl);
    }

    private async Task<(string Default, string Fallback)> StartProcessorsAsync(RepoLayout layout, CancellationToken cancellationToken)
    {
        var started = new List<(ChildProcess, int)>();
        foreach (var (name, port, fee) in new[]
        {
            ("processor-default", options.ProcessorPorts.Default, options.Fees.Default),
            ("processor-fallback", options.ProcessorPorts.Fallback, options.Fees.Fallback),
        })
        {
            // localhost binds both loopbacks, as the official k6 scripts call http://localhost:8001.
            var spec = new ServiceSpec(name, DotnetHost(), [layout.EmulatorDll, "--urls", $"http://localhost:{port}"], new Dictionary<string, string?>
            {
                ["TRANSACTION_FEE"] = Invariant(fee),
                ["RATE_LIMIT_SECONDS"] = "5",
                ["INITIAL_TOKEN"] = "123",
                ["PROCESSOR_COST"] = options.ProcessorCost.ToString(),
                ["ASPNETCORE_URLS"] = null,
            });
            started.Add((Launch(spec, ProcessorTier, null, name), port));
        }

        foreach (var (process, port) in started)
        {
            await Readiness.WaitAsync(Local(port), "payments/00000000-0000-0000-0000-000000000000", 404, process, options.ReadyTimeout, time, cancellationToken);
        }

        return ($"http://127.0.0.1:{options.ProcessorPorts.Default}", $"http://127.0.0.1:{options.ProcessorPorts.Fallback}");
    }

    private async Task StartServersAsync(RepoLayout layout, ComposeFile? compose, string sockets, string defaultUrl, string fallbackUrl, CancellationToken cancellationToken)
    {
        var instances = new List<ChildProcess>();
        foreach (var (name, peer, poll) in InstanceNames())
        {
            // Beyond the compose file's own instances, each takes api1's settings and limits.
            var composeService = compose is not null && !compose.ServiceNames.Contains(name) ? "api1" : name;
            var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (compose is not null)
            {
                foreach (var (key, value) in compose.Environment(composeService, Environment.GetEnvironmentVariable))
                {
                    environment[key] = value;
                }
            }

            environment["ASPNETCORE_URLS"] = null;
            environment["INSTANCE_ID"] = name;
            environment["PEER_URL"] = peer is null ? null : $"http://unix:{sockets}/{peer}.sock";
            environment["HEALTH_POLL"] = poll;
            if (_postgres is { } postgres)
            {
                environment["STORE"] = "postgres";
                environment["POSTGRES_URL"] = postgres.ConnectionString(LocalPostgres.Database);
            }

            environment["DEFAULT_PROCESSOR_URL"] = defaultUrl;
            environment["FALLBACK_PROCESSOR_URL"] = fallbackUrl;
            environment["DEFAULT_PROCESSOR_FEE"] = Invariant(options.Fees.Default);
            environment["FALLBACK_PROCESSOR_FEE"] = Invariant(options.Fees.Fallback);
            // Each instance journals under the run directory, so one the supervisor restarts replays what it held.
            // --journal off: memory only, as an empty JOURNAL_DIR says; otherwise --journal is the JOURNAL_SYNC.
            environment["JOURNAL_DIR"] = options.Journal == "off" ? "" : Path.Combine(_workDirectory!.FullName, "journal", name);
            if (options.Journal != "off")
            {
                environment["JOURNAL_SYNC"] = options.Journal;
            }
            var spec = options.Backend == UpBackend.Relay
                ? RelayFloorSpec(name, $"{sockets}/{name}.sock", defaultUrl, environment)
                : new ServiceSpec(name, DotnetHost(), [layout.ServerDllIn(options.ServerDirectory), "--urls", $"http://unix:{sockets}/{name}.sock"], environment);
            instances.Add(Launch(spec, ServerTier, compose, composeService));
        }

        foreach (var instance in instances)
        {
            var endpoint = ServiceEndpoint.Parse($"http://unix:{sockets}/{instance.Name}.sock");
            await Readiness.WaitAsync(endpoint, "healthz", 200, instance, options.ReadyTimeout, time, cancellationToken);
        }
    }

    /// <summary>
    /// The instances, with their peer and health role: the embedded pair knows each other; instances on the shared
    /// store know no peer (the database dedupes and summarises) and elect their health poller in it.
    /// </summary>
    private IEnumerable<(string Name, string? Peer, string? Poll)> InstanceNames() =>
        options.Store == UpStore.Postgres
            ? Enumerable.Range(1, options.Instances).Select(i => ($"api{i}", (string?)null, (string?)null))
            : [("api1", "api2", "primary"), ("api2", "api1", "standby")];
}
