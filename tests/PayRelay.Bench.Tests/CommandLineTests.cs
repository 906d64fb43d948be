using PayRelay.Bench.Cli;
using PayRelay.Bench.Scenarios;
using PayRelay.Bench.Up;

namespace PayRelay.Bench.Tests;

public class CommandLineTests
{
    private static readonly HashSet<string> BenchValues = BenchCommand.ValueOptions;
    private static readonly HashSet<string> BenchFlags = BenchCommand.FlagOptions;
    private static readonly HashSet<string> UpValues = UpCommand.ValueOptions;
    private static readonly HashSet<string> UpFlags = UpCommand.FlagOptions;

    [Fact]
    public void BenchParse_Defaults_AimAtTheOfficialAddresses()
    {
        var settings = BenchCommand.Parse(new ArgumentReader([], BenchValues, BenchFlags), null);

        Assert.Equal("preview", settings.Scenario.Name);
        Assert.Equal("http://127.0.0.1:9999", settings.Backend.ToString());
        Assert.Equal("http://127.0.0.1:8001", settings.DefaultProcessor.ToString());
        Assert.Equal("http://127.0.0.1:8002", settings.FallbackProcessor.ToString());
        Assert.Equal("123", settings.Token);
        Assert.Equal("anonymous", settings.Participant);
        Assert.Equal(1, settings.TimeScale);
        Assert.Equal(PayRelay.Bench.Run.ConnectionMode.PerUser, settings.Connections);
        Assert.Equal(TimeSpan.FromMicroseconds(790), settings.GeneratorCpuPerRequest);
    }

    [Fact]
    public void BenchParse_PooledAndNoBallast_AreApplied()
    {
        var settings = BenchCommand.Parse(new ArgumentReader(["--connections", "pooled", "--generator-cpu-us", "0", "--scenario", "mixed"], BenchValues, BenchFlags), null);

        Assert.Equal(PayRelay.Bench.Run.ConnectionMode.Pooled, settings.Connections);
        Assert.Equal(TimeSpan.Zero, settings.GeneratorCpuPerRequest);
        Assert.Same(BuiltInScenarios.Mixed, settings.Scenario);
    }

    [Fact]
    public void BenchParse_EveryOption_IsApplied()
    {
        string[] args = ["--scenario", "final", "--time-scale=0.1", "--backend", "http://10.0.0.5:9999", "--processors", "http://a:8080,http://b:8080",
            "--token", "secret", "--participant", "team", "--status", "http://unix:/tmp/s/api1.sock,http://unix:/tmp/s/api2.sock", "--no-processor-timeline"];

        var settings = BenchCommand.Parse(new ArgumentReader(args, BenchValues, BenchFlags), null);

        Assert.Equal("final", settings.Scenario.Name);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Scenario.Duration);
        Assert.Equal(0.1, settings.TimeScale);
        Assert.Equal("http://10.0.0.5:9999", settings.Backend.ToString());
        Assert.Equal("http://a:8080", settings.DefaultProcessor.ToString());
        Assert.Equal("http://b:8080", settings.FallbackProcessor.ToString());
        Assert.Equal("secret", settings.Token);
        Assert.Equal("team", settings.Participant);
        Assert.Equal("/tmp/s/api2.sock", settings.StatusEndpoints[1].UnixSocketPath);
        Assert.False(settings.CollectProcessorTimeline);
    }

    [Theory]
    [InlineData("--scenario", "nonexistent.json")]
    [InlineData("--time-scale", "0")]
    [InlineData("--time-scale", "fast")]
    [InlineData("--processors", "http://only-one:8001")]
    [InlineData("--backend", "ftp://x")]
    [InlineData("--bogus", "1")]
    [InlineData("--connections", "shared")]
    [InlineData("--generator-cpu-us", "-1")]
    [InlineData("--generator-cpu-us", "lots")]
    public void BenchParse_BadOption_IsAUsageError(string name, string value)
    {
        Assert.Throws<UsageException>(() => BenchCommand.Parse(new ArgumentReader([name, value], BenchValues, BenchFlags), null));
    }

    [Fact]
    public void UpParse_Options_AreApplied()
    {
        var reader = new ArgumentReader(
            ["--limits", "--lb", "nginx", "--processors", "http://p1:8080,http://p2:8080", "--fees", "0.07,0.10", "--port", "19999", "--processor-ports", "18001,18002", "--no-build", "--install", "--server-dir", "artifacts/r2r",
             "--processor-cost", "500,300,20"],
            UpCommand.ValueOptions,
            UpCommand.FlagOptions);

        var options = UpCommand.Parse(reader);

        Assert.True(options.Limits);
        Assert.Equal("nginx", options.LoadBalancer);
        Assert.Equal(("http://p1:8080", "http://p2:8080"), options.Processors);
        Assert.Equal((0.07m, 0.10m), options.Fees);
        Assert.Equal(19999, options.Port);
        Assert.Equal((18001, 18002), options.ProcessorPorts);
        Assert.True(options.NoBuild);
        Assert.True(options.Install);
        Assert.Equal("artifacts/r2r", options.ServerDirectory);
        Assert.Equal(new ProcessorCostOption(500, 300, 20), options.ProcessorCost);
    }

    [Theory]
    [InlineData(null, "none")]
    [InlineData("batch", "batch")]
    [InlineData("always", "always")]
    [InlineData("off", "off")]
    public void UpParse_Journal_IsTheInstancesSyncModeOrOff(string? given, string expected)
    {
        string[] args = given is null ? [] : ["--journal", given];

        var options = UpCommand.Parse(new ArgumentReader(args, UpCommand.ValueOptions, UpCommand.FlagOptions));

        Assert.Equal(expected, options.Journal);
    }

    [Fact]
    public void UpParse_JournalUnknown_RefusedNamingTheChoices()
    {
        var e = Assert.Throws<UsageException>(() => UpCommand.Parse(new ArgumentReader(["--journal", "fsync"], UpCommand.ValueOptions, UpCommand.FlagOptions)));

        Assert.Contains("none, batch, always or off", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UpParse_ProcessorCost_IsOnAtTheMeasuredFiguresUnlessTurnedOff()
    {
        var defaults = UpCommand.Parse(new ArgumentReader([], UpCommand.ValueOptions, UpCommand.FlagOptions));
        var off = UpCommand.Parse(new ArgumentReader(["--processor-cost", "off"], UpCommand.ValueOptions, UpCommand.FlagOptions));
        var twoValues = UpCommand.Parse(new ArgumentReader(["--processor-cost=700,300"], UpCommand.ValueOptions, UpCommand.FlagOptions));

        Assert.Equal("390,370,16", defaults.ProcessorCost.ToString());
        Assert.True(off.ProcessorCost.IsOff);
        Assert.Equal("off", off.ProcessorCost.ToString());
        Assert.Equal("700,300,16", twoValues.ProcessorCost.ToString());
    }

    [Fact]
    public void UpParse_Defaults_InstallWhatIsMissingAndRunPayRelay()
    {
        var options = UpCommand.Parse(new ArgumentReader([], UpValues, UpFlags));

        Assert.False(options.NoInstall);
        Assert.Equal(UpBackend.PayRelay, options.Backend);
    }

    [Fact]
    public void UpParse_NoInstallAndRelayBackend_AreApplied()
    {
        var options = UpCommand.Parse(new ArgumentReader(["--no-install", "--backend", "relay"], UpValues, UpFlags));

        Assert.True(options.NoInstall);
        Assert.Equal(UpBackend.Relay, options.Backend);
    }

    [Fact]
    public void UpParse_RelayBackendWithAServerBuild_IsAUsageError()
    {
        var error = Assert.Throws<UsageException>(() => UpCommand.Parse(new ArgumentReader(["--backend", "relay", "--server-dir", "x"], UpValues, UpFlags)));

        Assert.Contains("--server-dir", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchParse_FaultScenario_FindsUpsControlChannelFromTheBackendsPort()
    {
        var settings = BenchCommand.Parse(new ArgumentReader(["--scenario", "faults-healthy", "--backend", "http://127.0.0.1:24000"], BenchValues, BenchFlags), null);

        Assert.Equal(ControlPaths.ForPort(24000), settings.Control?.Address);
        Assert.Equal(2, settings.Scenario.Faults.Count);
        Assert.False(settings.CheckCharges);
    }

    [Fact]
    public void BenchParse_ControlAndCheck_AreApplied()
    {
        var settings = BenchCommand.Parse(new ArgumentReader(["--control", "/run/up.sock", "--check"], BenchValues, BenchFlags), null);

        Assert.Equal("/run/up.sock", settings.Control?.Address);
        Assert.True(settings.CheckCharges);
    }

    [Fact]
    public void BenchParse_ScenarioWithoutFaults_UsesNoControlChannel()
    {
        var settings = BenchCommand.Parse(new ArgumentReader([], BenchValues, BenchFlags), null);

        Assert.Null(settings.Control);
    }

    [Theory]
    [InlineData("status", "status", null, null, null)]
    [InlineData("events", "status", null, null, null)]
    [InlineData("kill api1", "kill", "api1", "TERM", null)]
    [InlineData("kill api1 --signal KILL --restart-after 10", "kill", "api1", "KILL", 10.0)]
    [InlineData("--port 24000 kill --signal sigterm api2 --restart-after=2.5", "kill", "api2", "SIGTERM", 2.5)]
    [InlineData("restart api2", "restart", "api2", null, null)]
    public void ControlParse_CommandLine_BecomesItsRequest(string line, string command, string? service, string? signal, double? hold)
    {
        var (request, view, _) = ControlCommand.Parse(line.Split(' '));

        Assert.Equal(new ControlRequest(command, service, signal, hold), request);
        Assert.Equal(line.Contains("events", StringComparison.Ordinal) ? "events" : command, view);
    }

    [Fact]
    public void ControlParse_PortOrControl_NamesTheSocket()
    {
        Assert.Equal(ControlPaths.ForPort(9999), ControlCommand.Parse(["status"]).SocketPath);
        Assert.Equal(ControlPaths.ForPort(24000), ControlCommand.Parse(["status", "--port", "24000"]).SocketPath);
        Assert.Equal("/run/up.sock", ControlCommand.Parse(["--control", "/run/up.sock", "status"]).SocketPath);
    }

    [Theory]
    [InlineData("ctl")]
    [InlineData("ctl kill")]
    [InlineData("ctl kill api1 api2")]
    [InlineData("ctl kill api1 --signal HUP")]
    [InlineData("ctl kill api1 --restart-after -3")]
    [InlineData("ctl reboot api1")]
    [InlineData("up --backend nginx")]
    public async Task Run_BadControlOrUpCommand_PrintsHelpAndExits64(string line)
    {
        using var output = new StringWriter();

        var exit = await CommandLine.RunAsync(line.Split(' '), output);

        Assert.Equal(CommandLine.UsageError, exit);
        Assert.Contains("error:", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CtlWithNobodyListening_Exits69AndSaysWhereItLooked()
    {
        using var output = new StringWriter();
        var path = Path.Combine(Path.GetTempPath(), $"payrelay-none-{Guid.NewGuid():N}.sock");

        var exit = await CommandLine.RunAsync(["ctl", "--control", path, "status"], output);

        Assert.Equal(ControlCommand.Unavailable, exit);
        Assert.Contains(path, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ControlRender_Status_ListsEachServiceWithItsPidRestartsAndExit()
    {
        var response = new ControlResponse(true, null, null,
        [
            new ServiceStatus("api1", "running", 4242, 3, 137, null, "http://unix:/s/api1.sock"),
            new ServiceStatus("api2", "held-down", null, 0, 0, 6.4, null),
        ], []);

        var lines = ControlCommand.Render("status", response).Split(Environment.NewLine);

        Assert.StartsWith("service", lines[0], StringComparison.Ordinal);
        Assert.Equal(["api1", "running", "4242", "3", "137", "http://unix:/s/api1.sock"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["api2", "held-down", "(6", "s)", "-", "0", "0"], lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void ServerDllIn_PublishedDirectory_ReplacesTheReleaseBuild()
    {
        var layout = new PayRelay.Bench.Up.RepoLayout("/repo");

        Assert.Equal(layout.ServerDll, layout.ServerDllIn(null));
        Assert.Equal("/srv/r2r/PayRelay.Server.dll", layout.ServerDllIn("/srv/r2r/"));
    }

    [Theory]
    [InlineData("up", "--lb", "traefik")]
    [InlineData("up", "--fees", "5,0.1")]
    [InlineData("up", "--port", "70000")]
    [InlineData("up", "--processor-cost", "cheap")]
    [InlineData("up", "--processor-cost", "660,370,0")]
    [InlineData("bench", "--unknown", "x")]
    [InlineData("deploy", "", "")]
    [InlineData("relay-floor", "--processor", "http://127.0.0.1:8001")]
    [InlineData("relay-floor", "--processor", "unix:/x.sock")]
    public async Task Run_BadCommandLine_PrintsHelpAndExits64(string command, string name, string value)
    {
        using var output = new StringWriter();
        string[] args = name.Length > 0 ? [command, name, value] : [command];

        var exit = await CommandLine.RunAsync(args, output);

        Assert.Equal(CommandLine.UsageError, exit);
        Assert.Contains("error:", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Commands:", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("up", "--limits")]
    [InlineData("up", "--processors URL,URL")]
    [InlineData("up", "--processor-cost R,S[,C]|off")]
    [InlineData("bench", "--scenario preview|final|mixed|FILE")]
    [InlineData("bench", "--connections per-user|pooled")]
    [InlineData("bench", "--generator-cpu-us N")]
    [InlineData("bench", "--time-scale X")]
    [InlineData("bench", "--token T")]
    [InlineData("relay-floor", "--listen PATH")]
    [InlineData("up", "--no-install")]
    [InlineData("up", "--backend payrelay|relay")]
    [InlineData("ctl", "kill NAME [--signal TERM|KILL] [--restart-after N]")]
    [InlineData("bench", "--control PATH")]
    [InlineData("bench", "faults-healthy")]
    public async Task Run_Help_DescribesTheOptions(string command, string option)
    {
        using var output = new StringWriter();

        var exit = await CommandLine.RunAsync([command, "--help"], output);

        Assert.Equal(0, exit);
        Assert.Contains(option, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BuiltInScenarios_FindsTheOfficialNamesAndMixed()
    {
        Assert.Same(BuiltInScenarios.Preview, BuiltInScenarios.Find("preview"));
        Assert.Same(BuiltInScenarios.Final, BuiltInScenarios.Find("final"));
        Assert.Same(BuiltInScenarios.Mixed, BuiltInScenarios.Find("mixed"));
        Assert.Null(BuiltInScenarios.Find("Preview"));
    }

    [Fact]
    public void UpParse_Defaults_AreTheEmbeddedPair()
    {
        var options = UpCommand.Parse(new ArgumentReader([], UpValues, UpFlags));

        Assert.Equal(UpStore.Embedded, options.Store);
        Assert.Equal(2, options.Instances);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("3")]
    [InlineData("7")]
    public void UpParse_PostgresWithInstances_IsApplied(string instances)
    {
        var options = UpCommand.Parse(new ArgumentReader(["--store", "postgres", "--instances", instances], UpValues, UpFlags));

        Assert.Equal(UpStore.Postgres, options.Store);
        Assert.Equal(int.Parse(instances, System.Globalization.CultureInfo.InvariantCulture), options.Instances);
    }

    [Theory]
    [InlineData("--instances|0", "at least 1")]
    [InlineData("--instances|-2", "at least 1")]
    [InlineData("--instances|two", "at least 1")]
    [InlineData("--instances|3", "--store postgres")]
    [InlineData("--instances|1", "--store postgres")]
    [InlineData("--store|redis", "embedded or postgres")]
    [InlineData("--store|postgres|--backend|relay", "--backend relay")]
    [InlineData("--store|postgres|--lb|nginx", "haproxy")]
    public void UpParse_BadStoreOrInstances_IsAUsageErrorThatSaysWhy(string arguments, string expected)
    {
        var error = Assert.Throws<UsageException>(() => UpCommand.Parse(new ArgumentReader(arguments.Split('|'), UpValues, UpFlags)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
