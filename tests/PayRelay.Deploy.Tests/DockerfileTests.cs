using System.Text.RegularExpressions;

namespace PayRelay.Deploy.Tests;

/// <summary>
/// deploy/Dockerfile, read as Docker does (continuations joined, comments dropped): multi-stage,
/// publish through scripts/publish.sh, ReadyToRun by default and NativeAOT behind NATIVE_AOT,
/// non-root at run time. No Docker engine here, so the build step's shell runs natively in
/// dry-run mode.
/// </summary>
public partial class DockerfileTests
{
    private static readonly IReadOnlyList<(string Instruction, string Args)> Instructions = Read(RepoPaths.Dockerfile);

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex Continuation();

    [Fact]
    public void Stages_BuildOnSdkThenRuntimeChosenByNativeAot()
    {
        Assert.Equal(("ARG", "NATIVE_AOT=false"), Instructions[0]);
        var froms = Instructions.Where(i => i.Instruction == "FROM").Select(i => i.Args).ToList();

        Assert.Equal(
            [
                "mcr.microsoft.com/dotnet/sdk:10.0 AS build",
                "mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime-false",
                "mcr.microsoft.com/dotnet/runtime-deps:10.0 AS runtime-true",
                "runtime-${NATIVE_AOT} AS final",
            ],
            froms);
        Assert.Equal("[\"dotnet\", \"/app/PayRelay.Server.dll\"]", Stage("runtime-false").Single(i => i.Instruction == "ENTRYPOINT").Args);
        Assert.Equal("[\"/app/PayRelay.Server\"]", Stage("runtime-true").Single(i => i.Instruction == "ENTRYPOINT").Args);
    }

    [Fact]
    public void FinalStage_CopiesPublishOutputAndRunsAsAppUser()
    {
        var final = Stage("final");

        Assert.Contains(("COPY", "--from=build /app ./"), final);
        Assert.Equal("$APP_UID", final.Last(i => i.Instruction == "USER").Args);
    }

    [Theory]
    [InlineData("false", "-p:PublishReadyToRun=true")]
    [InlineData("true", "-p:PublishAot=true")]
    public async Task BuildStep_NativeAotArgument_PublishScriptMode(string nativeAot, string expected)
    {
        var run = Stage("build").Single(i => i.Instruction == "RUN" && i.Args.Contains("scripts/publish.sh", StringComparison.Ordinal)).Args;
        var shell = Regex.Replace(run, @"^--mount=\S+\s+", "") + " --dry-run";

        var result = await Tools.RunAsync("bash", ["-c", shell], new Dictionary<string, string> { ["NATIVE_AOT"] = nativeAot }, RepoPaths.Root);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(expected, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("-o /app ", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void DockerIgnore_HostBuildOutputs_Excluded()
    {
        var patterns = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".dockerignore")).Select(l => l.Trim()).ToList();

        Assert.Contains("**/bin/", patterns);
        Assert.Contains("**/obj/", patterns);
        Assert.Contains("artifacts/", patterns);
        Assert.DoesNotContain(patterns, p => p is "src/" or "src" or "scripts/" or "scripts" or "*");
    }

    private static List<(string Instruction, string Args)> Stage(string name)
    {
        var start = Instructions.ToList().FindIndex(i => i.Instruction == "FROM" && i.Args.EndsWith($" AS {name}", StringComparison.Ordinal));
        Assert.True(start >= 0, $"no stage {name}");
        return [.. Instructions.Skip(start + 1).TakeWhile(i => i.Instruction != "FROM")];
    }

    private static List<(string, string)> Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => !l.TrimStart().StartsWith('#'));
        var text = Continuation().Replace(string.Join('\n', lines), " ");
        return [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)
            .Select(l => l.Split(' ', 2) is [var instruction, var args] ? (instruction.ToUpperInvariant(), Regex.Replace(args.Trim(), @"\s+", " ")) : (l.ToUpperInvariant(), ""))];
    }
}
