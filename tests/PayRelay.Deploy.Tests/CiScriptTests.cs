namespace PayRelay.Deploy.Tests;

/// <summary>CI runs what a user runs: the README's test command, and nothing before it that a user's run would skip.</summary>
public sealed class CiScriptTests
{
    private const string TestCommand = "dotnet test PayRelay.slnx -c Release";

    [Fact]
    public void CiRun_TestStep_IsTheReadmesTestCommand()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var ci = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".ci", "run"));

        Assert.Contains($"```sh\n{TestCommand}\n```", readme, StringComparison.Ordinal);
        Assert.Single(ci, line => line.Contains("dotnet test", StringComparison.Ordinal) && !line.TrimStart().StartsWith('#'));
        Assert.Contains(ci, line => line.StartsWith(TestCommand + " 2>&1 | tee", StringComparison.Ordinal));
    }

    [Fact]
    public void CiRun_BeforeTheTests_OnlyTheFormatCheck()
    {
        var commands = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".ci", "run"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .TakeWhile(line => !line.StartsWith("dotnet test", StringComparison.Ordinal))
            .ToList();

        Assert.DoesNotContain(commands, c => c.Contains("install-deps", StringComparison.Ordinal) || c.Contains("apt-get", StringComparison.Ordinal));
        Assert.DoesNotContain(commands, c => c.Contains("publish", StringComparison.Ordinal));
        Assert.Contains("dotnet format PayRelay.slnx --verify-no-changes", commands);
    }
}
