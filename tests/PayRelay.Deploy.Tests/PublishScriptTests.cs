namespace PayRelay.Deploy.Tests;

/// <summary>
/// scripts/publish.sh picks ReadyToRun or NativeAOT; --dry-run shows the dotnet command it would
/// run, so the switch is tested without a minute of publishing. One test runs the real publish, the
/// Dockerfile's build step, so it is verified on machines without Docker.
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

    [Fact]
    public async Task Publish_Default_WritesTheServerTheImageRuns()
    {
        var output = Directory.CreateTempSubdirectory("payrelay-publish-").FullName;
        try
        {
            var result = await Tools.RunAsync("bash", [RepoPaths.PublishScript, "--output", output], limit: TimeSpan.FromMinutes(10));

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.True(File.Exists(Path.Combine(output, "PayRelay.Server.dll")), "no PayRelay.Server.dll, the image's entry point");
            Assert.True(File.Exists(Path.Combine(output, "PayRelay.Server.runtimeconfig.json")), "no runtimeconfig.json: dotnet cannot start it");
            Assert.Contains("ReadyToRun build of PayRelay.Server", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>The command publish.sh would run, one line, ending with a blank.</summary>
    private static async Task<string> DryRunAsync(string[] args, string? workingDirectory = null)
    {
        var result = await Tools.RunAsync("bash", [RepoPaths.PublishScript, .. args], workingDirectory: workingDirectory);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout.TrimEnd('\n');
    }
}
