namespace PayRelay.Deploy.Tests;

/// <summary>
/// scripts/publish.sh picks ReadyToRun or NativeAOT; --dry-run shows the dotnet command it would
/// run, so the switch is tested without a minute of publishing (CI runs the real publish).
/// </summary>
public class PublishScriptTests
{
    [Fact]
    public async Task DryRun_Default_ReadyToRunFrameworkDependentLinuxX64()
    {
        var command = await DryRunAsync(["--dry-run"]);

        Assert.Contains("-p:PublishReadyToRun=true", command, StringComparison.Ordinal);
        Assert.Contains("--self-contained false", command, StringComparison.Ordinal);
        Assert.Contains("-r linux-x64", command, StringComparison.Ordinal);
        Assert.Contains("-p:InvariantGlobalization=true", command, StringComparison.Ordinal);
        Assert.Contains("-c Release", command, StringComparison.Ordinal);
        Assert.DoesNotContain("-p:PublishAot=true", command, StringComparison.Ordinal);
        Assert.Contains($"-o {Path.Combine(RepoPaths.Root, "artifacts", "publish", "PayRelay.Server")}", command, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(RepoPaths.Root, "src", "PayRelay.Server", "PayRelay.Server.csproj"), command, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DryRun_Aot_NativeAotWithoutReadyToRun()
    {
        var command = await DryRunAsync(["--aot", "--dry-run"]);

        Assert.Contains("-p:PublishAot=true", command, StringComparison.Ordinal);
        Assert.DoesNotContain("-p:PublishReadyToRun=true", command, StringComparison.Ordinal);
        Assert.DoesNotContain("--self-contained false", command, StringComparison.Ordinal);
    }

    /// <summary>Publishing with a RID must not rewrite the obj/ folders a concurrent build uses.</summary>
    [Fact]
    public async Task DryRun_AnyMode_OwnIntermediateFolders()
    {
        Assert.Contains($"--artifacts-path {Path.Combine(RepoPaths.Root, "artifacts", "publish-build", "r2r")}", await DryRunAsync(["--dry-run"]), StringComparison.Ordinal);
        Assert.Contains($"--artifacts-path {Path.Combine(RepoPaths.Root, "artifacts", "publish-build", "aot")}", await DryRunAsync(["--dry-run", "--aot"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DryRun_RelativeOutput_ResolvedFromCallerDirectory()
    {
        var caller = Path.GetTempPath().TrimEnd('/');

        var command = await DryRunAsync(["--output", "out/pub", "--dry-run"], caller);

        Assert.Contains($"-o {caller}/out/pub", command, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--output")]
    public async Task Run_BadArguments_ExitCode2WithUsage(string argument)
    {
        var result = await Tools.RunAsync("bash", [RepoPaths.PublishScript, argument]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage: scripts/publish.sh", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The command publish.sh would run, one line, ending with a blank.</summary>
    private static async Task<string> DryRunAsync(string[] args, string? workingDirectory = null)
    {
        var result = await Tools.RunAsync("bash", [RepoPaths.PublishScript, .. args], workingDirectory: workingDirectory);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout.TrimEnd('\n');
    }
}
