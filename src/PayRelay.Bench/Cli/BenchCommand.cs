using System.Globalization;
using PayRelay.Bench.Http;
using PayRelay.Bench.Report;
using PayRelay.Bench.Run;
using PayRelay.Bench.Scenarios;
using PayRelay.Bench.Up;

namespace PayRelay.Bench.Cli;

/// <summary><c>bench</c>: reads the options, runs the scenario, writes the files and prints the table.</summary>
public static class BenchCommand
{
    public const int StrictFailure = 3;
    public const int Aborted = 2;

    internal static readonly HashSet<string> ValueOptions =
        ["--scenario", "--backend", "--processors", "--token", "--time-scale", "--out", "--participant", "--status", "--control", "--connections", "--generator-cpu-us"];

    internal static readonly HashSet<string> FlagOptions = ["--no-processor-timeline", "--strict", "--check", "--help", "-h"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        var reader = new ArgumentReader(args, ValueOptions, FlagOptions);
        if (reader.Flag("--help") || reader.Flag("-h"))
        {
            await console.WriteLineAsync(HelpText.Bench);
            return 0;
        }

        var settings = Parse(reader, console);
        var output = reader.Value("--out") ?? Path.Combine(
            "bench-results",
            $"{settings.Scenario.Name}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
        await console.WriteLineAsync(
            $"bench: {settings.Scenario.Name}, {settings.Scenario.Duration.TotalSeconds:0.#} s, 1 -> {settings.Scenario.MaxUsers} users (time scale {settings.TimeScale}) against {settings.Backend}, " +
            $"{Describe(settings)}");
        BenchOutcome outcome;
        try
        {
            outcome = await new BenchRunner(settings).RunAsync(cancellationToken);
        }
        catch (BenchAbortedException e)
        {
            await console.WriteLineAsync("bench aborted: " + e.Message);
            return Aborted;
        }

        BenchOutputs.Write(outcome, output);
        await console.WriteLineAsync(SummaryTable.Render(outcome, output));
        if (outcome.Charges is { } charges)
        {
            await console.WriteLineAsync(ChargeCheckTable.Render(outcome.Faults, charges));
        }

        var clean = outcome.Input.Inconsistencies == 0 && outcome.Score.Lag == 0 && (outcome.Charges?.Clean ?? true);
        return reader.Flag("--strict") && !clean ? StrictFailure : 0;
    }

    public static BenchSettings Parse(ArgumentReader reader, TextWriter? console)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var scenarioName = reader.Value("--scenario", "preview");
        Scenario scenario;
        try
        {
            scenario = BuiltInScenarios.Find(scenarioName) ?? (File.Exists(scenarioName)
                ? ScenarioFile.Load(scenarioName)
                : throw new UsageException($"--scenario: '{scenarioName}' is neither preview, final, mixed, faults-healthy, faults-failing nor an existing file"));
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }

        var timeScale = reader.Double("--time-scale", 1);
        if (!(timeScale > 0) || double.IsInfinity(timeScale))
        {
            throw new UsageException("--time-scale must be a positive number");
        }

        var processors = reader.Pair("--processors") ?? ("http://127.0.0.1:8001", "http://127.0.0.1:8002");
        var status = reader.Value("--status") is { } statusText
            ? statusText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Endpoint).ToList()
            : [];
        var backend = Endpoint(reader.Value("--backend", "http://127.0.0.1:9999"));
        return new BenchSettings
        {
            Scenario = scenario.Scaled(timeScale),
            TimeScale = timeScale,
            Backend = backend,
            DefaultProcessor = Endpoint(processors.First),
            FallbackProcessor = Endpoint(processors.Second),
            Token = reader.Value("--token", TestClient.InitialToken),
            Participant = reader.Value("--participant", "anonymous"),
            StatusEndpoints = status,
            Connections = reader.Value("--connections", "per-user") switch
            {
                "per-user" => ConnectionMode.PerUser,
                "pooled" => ConnectionMode.Pooled,
                var other => throw new UsageException($"--connections: '{other}' is neither per-user nor pooled"),
            },
            GeneratorCpuPerRequest = reader.Int("--generator-cpu-us", (int)BenchSettings.K6CpuPerRequest.TotalMicroseconds) is var us and >= 0 and <= 100_000
                ? TimeSpan.FromMicroseconds(us)
                : throw new UsageException("--generator-cpu-us must be 0 (off) to 100000 microseconds"),
            CollectProcessorTimeline = !reader.Flag("--no-processor-timeline"),
            Console = console,
            Control = Control(reader.Value("--control"), backend, scenario),
            CheckCharges = reader.Flag("--check"),
        };
    }

    /// <summary>The connections and the generator's CPU target, as the first line and the summary name them.</summary>
    public static string Describe(BenchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var connections = settings.Connections == ConnectionMode.PerUser ? "a connection per user" : "pooled connections";
        var cpu = settings.GeneratorCpuPerRequest > TimeSpan.Zero
            ? $"generator CPU {settings.GeneratorCpuPerRequest.TotalMicroseconds:0} us per request"
            : "generator CPU not topped up";
        return connections + ", " + cpu;
    }

    /// <summary>
    /// The control channel a scenario with faults uses: --control, or the one <c>up</c> makes for the backend's port.
    /// A scenario without faults needs none.
    /// </summary>
    private static ControlClient? Control(string? path, ServiceEndpoint backend, Scenario scenario)
    {
        if (path is not null)
        {
            return new ControlClient(path);
        }

        return scenario.Faults.Count > 0 && backend.UnixSocketPath is null ? new ControlClient(ControlPaths.ForPort(backend.BaseAddress.Port)) : null;
    }

    private static ServiceEndpoint Endpoint(string text)
    {
        try
        {
            return ServiceEndpoint.Parse(text);
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
