namespace PayRelay.Bench.Up;

/// <summary>What <c>up</c> starts behind the balancer.</summary>
public enum UpBackend
{
    /// <summary>Two PayRelay.Server instances.</summary>
    PayRelay,

    /// <summary>Two <c>relay-floor</c> processes: the least a relay can do, under the same limits and balancer.</summary>
    Relay,
}

/// <summary>Where the instances keep their payments.</summary>
public enum UpStore
{
    /// <summary>Each instance its own embedded store, two peers that know each other (<c>PEER_URL</c>).</summary>
    Embedded,

    /// <summary>One local PostgreSQL cluster shared by any number of instances (<c>STORE=postgres</c>).</summary>
    Postgres,
}

/// <summary>The options of <c>up</c>.</summary>
public sealed record UpOptions
{
    /// <summary>Run the balancer and both instances under the compose file's CPU and memory limits.</summary>
    public bool Limits { get; init; }

    /// <summary>haproxy or nginx.</summary>
    public string LoadBalancer { get; init; } = "haproxy";

    /// <summary>Real processors to use instead of starting two emulators.</summary>
    public (string Default, string Fallback)? Processors { get; init; }

    /// <summary>The emulators' fees, also passed to the instances.</summary>
    public (decimal Default, decimal Fallback) Fees { get; init; } = (0.05m, 0.15m);

    /// <summary>The emulators' cost model (their <c>PROCESSOR_COST</c>): on by default at the real processors' measured cost.</summary>
    public ProcessorCostOption ProcessorCost { get; init; } = ProcessorCostOption.Measured;

    public int Port { get; init; } = 9999;

    public (int Default, int Fallback) ProcessorPorts { get; init; } = (8001, 8002);

    /// <summary>Skip <c>dotnet build</c> of the emulator and the server.</summary>
    public bool NoBuild { get; init; }

    /// <summary>
    /// A directory holding a published PayRelay.Server.dll (what <c>scripts/publish.sh</c> writes, the build the Docker
    /// image runs) to start instead of the Release build; the server is then not built.
    /// </summary>
    public string? ServerDirectory { get; init; }

    /// <summary>Accepted for compatibility: <c>up</c> installs a missing load balancer unless <see cref="NoInstall"/>.</summary>
    public bool Install { get; init; }

    /// <summary>Never install a missing load balancer: stop and name the command that does.</summary>
    public bool NoInstall { get; init; }

    /// <summary>What runs as api1 and api2: PayRelay.Server, or the minimal relay as a floor to compare it with.</summary>
    public UpBackend Backend { get; init; } = UpBackend.PayRelay;

    /// <summary>The embedded pair, or a local PostgreSQL cluster in the run directory shared by <see cref="Instances"/> instances.</summary>
    public UpStore Store { get; init; } = UpStore.Embedded;

    /// <summary>How many instances run behind the balancer: two with the embedded store, any number from one with PostgreSQL.</summary>
    public int Instances { get; init; } = 2;

    /// <summary>
    /// How the instances journal (embedded store): <c>none</c>, <c>batch</c> or <c>always</c> as their JOURNAL_SYNC, under
    /// the run directory; <c>off</c> keeps payments in memory only (an empty JOURNAL_DIR), to measure what the journal costs.
    /// </summary>
    public string Journal { get; init; } = "none";

    /// <summary>Keep the logs directory after a clean stop.</summary>
    public bool KeepLogs { get; init; }

    /// <summary>The repository; found from the working directory when null.</summary>
    public string? RepositoryRoot { get; init; }

    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an instance may drain after SIGTERM (compose's stop_grace_period).</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(15);
}
