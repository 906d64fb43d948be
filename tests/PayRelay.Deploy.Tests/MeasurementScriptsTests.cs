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
