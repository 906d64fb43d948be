namespace PayRelay.Deploy.Tests;

/// <summary>
/// scripts/targets.sh and scripts/floor.sh take minutes and root, so CI runs only what they do before measuring:
/// they parse, they explain themselves and they refuse what they do not know.
/// </summary>
public class MeasurementScriptsTests
{
    public static TheoryData<string> Scripts => new() { "targets.sh", "floor.sh" };

    [Theory]
    [MemberData(nameof(Scripts))]
    [InlineData("measure.sh")]
    public async Task Syntax_Parses(string script)
    {
        var result = await Tools.RunAsync("bash", ["-n", Path.Combine(RepoPaths.Root, "scripts", script)]);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Help_PrintsUsageAndExits0(string script)
    {
        var result = await Tools.RunAsync("bash", [Path.Combine(RepoPaths.Root, "scripts", script), "--help"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"usage: scripts/{script}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--seconds", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task UnknownArgument_Exit2BeforeStartingAnything(string script)
    {
        var result = await Tools.RunAsync("bash", [Path.Combine(RepoPaths.Root, "scripts", script), "--bogus"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown argument: --bogus", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Floor_UnknownBackend_Exit2NamingTheTwoItRuns()
    {
        var result = await Tools.RunAsync("bash", [Path.Combine(RepoPaths.Root, "scripts", "floor.sh"), "--backend", "apache"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--backend is nginx or relay, not apache", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Floor_Help_NamesBothBackends()
    {
        var result = await Tools.RunAsync("bash", [Path.Combine(RepoPaths.Root, "scripts", "floor.sh"), "--help"]);

        Assert.Contains("--backend nginx", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--backend relay", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Targets_ServerDirWithoutAServer_Exit2NamingIt()
    {
        var empty = Directory.CreateTempSubdirectory("payrelay-targets-test-");
        try
        {
            var result = await Tools.RunAsync("bash", [Path.Combine(RepoPaths.Root, "scripts", "targets.sh"), "--server-dir", empty.FullName]);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains(Path.Combine(empty.FullName, "PayRelay.Server.dll"), result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete();
        }
    }
}

/// <summary>scripts/compare.sh runs full official-load benches (many minutes, root); CI checks what it does before the first run.</summary>
public class CompareScriptTests
{
    private static string Script => Path.Combine(RepoPaths.Root, "scripts", "compare.sh");

    [Fact]
    public async Task Help_PrintsUsageNamingTheBackendsAndExits0()
    {
        var result = await Tools.RunAsync("bash", [Script, "--help"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("usage: sudo scripts/compare.sh", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("relay", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--runs", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoBackend_Exit2SayingHowToNameOne()
    {
        var result = await Tools.RunAsync("bash", [Script, "--runs", "1"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("name at least one backend", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownArgument_Exit2()
    {
        var result = await Tools.RunAsync("bash", [Script, "--bogus"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown argument: --bogus", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--port", "99x")]
    [InlineData("--processor-ports", "8001")]
    public async Task BadPorts_Exit2SayingWhatTheyTake(string option, string value)
    {
        var result = await Tools.RunAsync("bash", [Script, option, value, "relay=relay"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--port takes a port and --processor-ports two", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_NamesTheDatabaseColumnAndThePortOptions()
    {
        var result = await Tools.RunAsync("bash", [Script, "--help"]);

        Assert.Contains("--port / --processor-ports", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("the database's", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("set -euo pipefail", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackendDirectoryWithoutAServer_Exit2NamingIt()
    {
        var empty = Directory.CreateTempSubdirectory("payrelay-compare-test-");
        try
        {
            var result = await Tools.RunAsync("bash", [Script, $"old={empty.FullName}", "relay=relay"]);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains(Path.Combine(empty.FullName, "PayRelay.Server.dll"), result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete();
        }
    }
}

/// <summary>scripts/scale.sh runs a stack per configuration and a ladder of steady loads (many minutes, root); CI checks what it does before the first stack.</summary>
public class ScaleScriptTests
{
    private static string Script => Path.Combine(RepoPaths.Root, "scripts", "scale.sh");

    [Fact]
    public async Task Syntax_Parses()
    {
        var result = await Tools.RunAsync("bash", ["-n", Script]);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Help_PrintsUsageNamingTheConfigurationsAndExits0()
    {
        var result = await Tools.RunAsync("bash", [Script, "--help"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("usage: sudo scripts/scale.sh", result.Stdout, StringComparison.Ordinal);
        foreach (var option in new[] { "embedded,pg1,pg2,pg3", "--rates", "--step-seconds", "--rounds", "--processor-ports" })
        {
            Assert.Contains(option, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--bogus", "unknown argument: --bogus")]
    [InlineData("--configs embedded,mysql", "'mysql' is neither embedded, pgN nor NAME=UP-ARGS")]
    [InlineData("--rates 200,fast", "--rates is a list of rates a second")]
    [InlineData("--rates 0,200", "a rate is at least 1 a second")]
    [InlineData("--step-seconds 0", "--rounds and --step-seconds are at least 1")]
    [InlineData("--port 99x", "--port takes a whole number")]
    [InlineData("--processor-ports 8001", "--processor-ports takes two ports")]
    public async Task BadArgument_Exit2BeforeStartingAnything(string arguments, string message)
    {
        var result = await Tools.RunAsync("bash", [Script, .. arguments.Split(' ')]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_KneeIsTheHighestRateWithinTwiceTheLowLoadP99AndEveryRequestAnswered()
    {
        var directory = Directory.CreateTempSubdirectory("payrelay-scale-report-");
        try
        {
            // embedded: low-load p99 3.0 ms, so 400/s (5.9) is within 2x and 600/s (6.1) is not, though 800/s climbed on.
            // pg2: 400/s is within 2x of 8.0 ms but had requests without a 2xx, so the knee is 200/s.
            File.WriteAllLines(Path.Combine(directory.FullName, "steps.jsonl"),
            [
                Step("embedded", 200, p99: 3.0, errors: 0, instancesUs: 180, dbUs: null),
                Step("embedded", 400, p99: 5.9, errors: 0, instancesUs: 160, dbUs: null),
                Step("embedded", 600, p99: 6.1, errors: 0, instancesUs: 150, dbUs: null),
                Step("embedded", 800, p99: 45.0, errors: 0, instancesUs: 150, dbUs: null),
                Step("pg2", 200, p99: 8.0, errors: 0, instancesUs: 300, dbUs: 250),
                Step("pg2", 400, p99: 12.0, errors: 3, instancesUs: 290, dbUs: 240),
            ]);

            var result = await Tools.RunAsync("bash", [Script, "--report", directory.FullName]);

            Assert.True(result.ExitCode == 0, result.ToString());
            var summary = result.Stdout[result.Stdout.IndexOf("per configuration", StringComparison.Ordinal)..];
            Assert.Equal(["embedded", "1", "3.00", "400", "400", "5.90", "600", "6.10", "160", "-", "160", "1,090"], Cells(summary, "embedded")[..12]);
            Assert.Equal(["pg2", "1", "8.00", "200", "200", "8.00", "400", "12.00", "300", "250", "550", "1,090"], Cells(summary, "pg2")[..12]);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string Step(string config, int rate, double p99, int errors, int instancesUs, int? dbUs) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["config"] = config,
            ["round"] = 1,
            ["rate"] = rate,
            ["ladder"] = new[] { 200, 400, 600, 800 },
            ["achieved"] = (double)rate,
            ["p50"] = 1.0,
            ["p99"] = p99,
            ["errors"] = errors,
            ["instances_us"] = (double)instancesUs,
            ["db_us"] = (double?)dbUs,
            ["total_us"] = (double)(instancesUs + (dbUs ?? 0)),
            ["emulators_us"] = 1090.0,
            ["lb_us"] = 40.0,
        });

    private static string[] Cells(string table, string config) =>
        table.Split('\n').Select(l => l.Split('|', StringSplitOptions.TrimEntries)).First(c => c.Length > 2 && c[1] == config)[1..^1];

    [Fact]
    public async Task ServerDirWithoutAServer_Exit2NamingIt()
    {
        var empty = Directory.CreateTempSubdirectory("payrelay-scale-test-");
        try
        {
            var result = await Tools.RunAsync("bash", [Script, "--server-dir", empty.FullName, "--configs", "pg2"]);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains(Path.Combine(empty.FullName, "PayRelay.Server.dll"), result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete();
        }
    }
}
