using System.Globalization;
using PayRelay.Bench.Up;

namespace PayRelay.Bench.Cli;

/// <summary><c>up</c>: reads the options and runs the stack until stopped.</summary>
public static class UpCommand
{
    internal static readonly HashSet<string> ValueOptions = ["--lb", "--processors", "--fees", "--port", "--processor-ports", "--repo", "--server-dir", "--backend", "--processor-cost", "--store", "--instances", "--journal"];

    internal static readonly HashSet<string> FlagOptions = ["--limits", "--no-build", "--install", "--no-install", "--keep-logs", "--help", "-h"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        var reader = new ArgumentReader(args, ValueOptions, FlagOptions);
        if (reader.Flag("--help") || reader.Flag("-h"))
        {
            await console.WriteLineAsync(HelpText.Up);
            return 0;
        }

        var options = Parse(reader);
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        }));
        var launcher = new StackLauncher(options, console, loggerFactory.CreateLogger("up"), TimeProvider.System);
        return await launcher.RunAsync(cancellationToken);
    }

    public static UpOptions Parse(ArgumentReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lb = reader.Value("--lb", "haproxy");
        if (lb is not ("haproxy" or "nginx"))
        {
            throw new UsageException("--lb is haproxy or nginx");
        }

        var backend = reader.Value("--backend", "payrelay") switch
        {
            "payrelay" => UpBackend.PayRelay,
            "relay" => UpBackend.Relay,
            var other => throw new UsageException($"--backend is payrelay or relay, not '{other}'"),
        };
        if (backend == UpBackend.Relay && reader.Value("--server-dir") is not null)
        {
            throw new UsageException("--server-dir names a PayRelay.Server build, which --backend relay does not start");
        }

        var (store, instances) = Store(reader, backend, lb);
        var options = new UpOptions
        {
            Store = store,
            Instances = instances,
            Limits = reader.Flag("--limits"),
            LoadBalancer = lb,
            Processors = reader.Pair("--processors"),
            Port = Port(reader.Int("--port", 9999)),
            NoBuild = reader.Flag("--no-build"),
            Install = reader.Flag("--install"),
            NoInstall = reader.Flag("--no-install"),
            Backend = backend,
            KeepLogs = reader.Flag("--keep-logs"),
            RepositoryRoot = reader.Value("--repo"),
            ServerDirectory = reader.Value("--server-dir"),
        };
        if (reader.Pair("--fees") is { } fees)
        {
            options = options with { Fees = (Fee(fees.First), Fee(fees.Second)) };
        }

        if (reader.Value("--processor-cost") is { } cost)
        {
            try
            {
                options = options with { ProcessorCost = ProcessorCostOption.Parse(cost) };
            }
            catch (FormatException e)
            {
                throw new UsageException("--processor-cost: " + e.Message);
            }
        }

        if (reader.Value("--journal") is { } journal)
        {
            options = options with
            {
                Journal = journal is "none" or "batch" or "always" or "off"
                    ? journal
                    : throw new UsageException($"--journal is none, batch, always or off, not '{journal}'"),
            };
        }

        if (reader.Pair("--processor-ports") is { } ports)
        {
            options = options with { ProcessorPorts = (Port(Whole(ports.First)), Port(Whole(ports.Second))) };
        }

        return options;
    }

    /// <summary>
    /// <c>--store embedded|postgres</c> and <c>--instances N</c>: the embedded store is a pair of peers, so more (or
    /// fewer) instances need the shared PostgreSQL store, which round-robins over generated HAProxy servers.
    /// </summary>
    private static (UpStore Store, int Instances) Store(ArgumentReader reader, UpBackend backend, string lb)
    {
        var store = reader.Value("--store", "embedded") switch
        {
            "embedded" => UpStore.Embedded,
            "postgres" => UpStore.Postgres,
            var other => throw new UsageException($"--store is embedded or postgres, not '{other}'"),
        };
        var text = reader.Value("--instances");
        var instances = 2;
        if (text is not null && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out instances) || instances < 1))
        {
            throw new UsageException($"--instances is a whole number of at least 1, not '{text}'");
        }

        if (store == UpStore.Embedded && instances != 2)
        {
            throw new UsageException($"--instances {instances} needs --store postgres: the embedded store runs exactly two peers");
        }

        if (store == UpStore.Postgres && backend == UpBackend.Relay)
        {
            throw new UsageException("--store postgres starts PayRelay.Server instances, which --backend relay does not");
        }

        if (store == UpStore.Postgres && lb != "haproxy")
        {
            throw new UsageException("--store postgres runs behind haproxy (its configuration is generated for the instances)");
        }

        return (store, instances);
    }

    private static decimal Fee(string text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var fee) && fee is >= 0 and < 1
            ? fee
            : throw new UsageException($"--fees: '{text}' is not a fee between 0 and 1");

    private static int Whole(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw new UsageException($"'{text}' is not a port");

    private static int Port(int port) => port is > 0 and < 65536 ? port : throw new UsageException($"{port} is not a port");
}
