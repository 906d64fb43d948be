namespace PayRelay.Deploy.Tests;

/// <summary>
/// scripts/attack-memory.sh (the memory an instance holds under hostile clients) takes minutes, so CI runs only what it
/// does before attacking: it parses, explains itself and refuses what it does not know.
/// </summary>
public class AttackMemoryScriptTests
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "scripts", "attack-memory.sh");

    [Fact]
    public async Task Syntax_Parses()
    {
        var result = await Tools.RunAsync("bash", ["-n", Script]);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Help_PrintsUsageAndTheThreeAttacksAndExits0()
    {
        var result = await Tools.RunAsync("bash", [Script, "--help"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("usage: scripts/attack-memory.sh", result.Stdout, StringComparison.Ordinal);
        Assert.All(["stalled", "idle", "slowloris", "--via balancer", "--counts"], word => Assert.Contains(word, result.Stdout, StringComparison.Ordinal));
        Assert.DoesNotContain("set -euo", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bogus", "unknown argument: --bogus")]
    [InlineData("--via sideways", "--via is direct, balancer or both, not sideways")]
    public async Task BadArgument_Exit2BeforeStartingAnything(string arguments, string message)
    {
        var result = await Tools.RunAsync("bash", [Script, .. arguments.Split(' ')]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerDirWithoutAServer_Exit2NamingIt()
    {
        var empty = Directory.CreateTempSubdirectory("payrelay-attack-test-");
        try
        {
            var result = await Tools.RunAsync("bash", [Script, "--server-dir", empty.FullName]);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains(Path.Combine(empty.FullName, "PayRelay.Server.dll"), result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete();
        }
    }
}
