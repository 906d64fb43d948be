using PayRelay.Testing;
using PayRelay.Testing.Provisioning;

namespace PayRelay.Deploy.Tests.Provisioning;

/// <summary>
/// The rule every suite relies on: a missing tool is installed when the tests may (root, not opted out), once, saying
/// so, one test process at a time; otherwise its tests are skipped naming the command that fixes it. Never a failure.
/// </summary>
public sealed class ToolProvisionerTests : IDisposable
{
    private readonly FakeMachine _machine = new();

    public void Dispose() => _machine.Dispose();

    [Fact]
    public void Require_ToolPresent_ItsPathAndNoInstall()
    {
        _machine.MarkInstalled("haproxy");

        var path = _machine.Process().Require(ExternalTool.Haproxy);

        Assert.Equal("/usr/sbin/haproxy", path);
        Assert.Empty(_machine.Installs);
        Assert.Empty(_machine.Notices);
    }

    [Fact]
    public void Require_MissingAsRoot_InstallsThePackageOnceAndSaysSo()
    {
        var process = _machine.Process();

        var first = process.Require(ExternalTool.Nginx);
        var second = process.Require(ExternalTool.Nginx);

        Assert.Equal("/usr/sbin/nginx", first);
        Assert.Equal(first, second);
        Assert.Equal(["nginx-light"], _machine.Installs);
        Assert.Single(_machine.Notices, n => n.Contains("installing the Debian package nginx-light with apt-get", StringComparison.Ordinal));
        Assert.Contains(_machine.Notices, n => n.Contains(ToolProvisioner.InstallVariable + "=0", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("false")]
    [InlineData("NO")]
    public void Require_MissingWithInstallTurnedOff_SkipsNamingTheFixCommand(string setting)
    {
        var skip = Assert.Throws<Xunit.SkipException>(() => _machine.Process(installSetting: setting).Require(ExternalTool.Prometheus));

        Assert.Contains("prometheus is not installed", skip.Message, StringComparison.Ordinal);
        Assert.Contains("`sudo scripts/install-deps.sh`", skip.Message, StringComparison.Ordinal);
        Assert.Empty(_machine.Installs);
    }

    [Fact]
    public void Require_MissingNotRoot_SkipsWithoutTryingApt()
    {
        var skip = Assert.Throws<Xunit.SkipException>(() => _machine.Process(root: false).Require(ExternalTool.Chromium));

        Assert.Contains("only when they run as root", skip.Message, StringComparison.Ordinal);
        Assert.Contains(ToolProvisioner.FixCommand, skip.Message, StringComparison.Ordinal);
        Assert.Empty(_machine.Installs);
        Assert.Single(_machine.Notices, n => n.Contains("the tests that need it are skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void Require_InstallFails_SkipsWithAptsWordAndOtherProcessesDoNotRetryAtOnce()
    {
        _machine.AptGet = _ => new(false, "apt-get install exited with 100: E: Unable to locate package prometheus");

        var first = Assert.Throws<Xunit.SkipException>(() => _machine.Process().Require(ExternalTool.Prometheus));
        var second = Assert.Throws<Xunit.SkipException>(() => _machine.Process().Require(ExternalTool.Prometheus));

        Assert.Contains("Unable to locate package prometheus", first.Message, StringComparison.Ordinal);
        Assert.Contains(ToolProvisioner.FixCommand, first.Message, StringComparison.Ordinal);
        Assert.Contains("failed moments ago", second.Message, StringComparison.Ordinal);
        Assert.Equal(["prometheus"], _machine.Installs);
    }

    [Fact]
    public void Require_InstallFailedLongAgo_TriesAgain()
    {
        _machine.AptGet = _ => new(false, "apt-get update exited with 100: network unreachable");
        Assert.Throws<Xunit.SkipException>(() => _machine.Process().Require(ExternalTool.Prometheus));
        _machine.AptGet = _ => new(true, string.Empty);

        _machine.Time.Advance(ToolProvisioner.FailureMemory + TimeSpan.FromSeconds(1));
        var path = _machine.Process().Require(ExternalTool.Prometheus);

        Assert.Equal("/usr/sbin/prometheus", path);
        Assert.Equal(["prometheus", "prometheus"], _machine.Installs);
    }

    [Fact]
    public void Require_AptSucceedsButNoExecutable_Skips()
    {
        _machine.AptGet = _ => new(true, string.Empty);
        var process = new ToolProvisioner(new ToolHost(_ => null, true, null, _machine.AptGet, _machine.StateDirectory, _ => { }, _machine.Time));

        var skip = Assert.Throws<Xunit.SkipException>(() => process.Require(ExternalTool.Haproxy));

        Assert.Contains("apt-get installed haproxy, yet no haproxy executable is found", skip.Message, StringComparison.Ordinal);
    }

    /// <summary>Two test assemblies need the same tool at once: one installs it while the other waits, then uses it.</summary>
    [Fact]
    public async Task Require_TwoProcessesAtOnce_OneInstallsTheOtherWaitsForTheLock()
    {
        using var installing = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        _machine.AptGet = _ =>
        {
            installing.Set();
            release.Wait(Eventually.Deadline);
            return new(true, string.Empty);
        };
        var waitingClock = new CountingClock();
        var first = Task.Run(() => _machine.Process().Require(ExternalTool.Haproxy));
        await Eventually.HoldsAsync(() => installing.IsSet, "the first process starts installing");

        var second = Task.Run(() => _machine.Process(time: waitingClock).Require(ExternalTool.Haproxy));
        // The lock loop reads the clock once to start and once per refused attempt.
        await Eventually.HoldsAsync(() => waitingClock.Readings >= 2, "the second process is refused the lock");
        Assert.False(second.IsCompleted);
        release.Set();

        Assert.Equal("/usr/sbin/haproxy", await first);
        Assert.Equal("/usr/sbin/haproxy", await second);
        Assert.Equal(["haproxy"], _machine.Installs);
        Assert.Single(_machine.Notices, n => n.Contains("installing", StringComparison.Ordinal));
    }

    [Fact]
    public void Locate_VersionedFolder_FindsTheExecutable()
    {
        var root = Directory.CreateTempSubdirectory("payrelay-locate-").FullName;
        try
        {
            var bin = Directory.CreateDirectory(Path.Combine(root, "15", "bin")).FullName;
            File.WriteAllText(Path.Combine(bin, "postgres"), string.Empty);
            var tool = new ExternalTool("postgresql", "postgresql", [Path.Combine(root, "*", "bin", "postgres")]);

            Assert.Equal(Path.Combine(bin, "postgres"), tool.Locate());
            Assert.Null((tool with { Candidates = [Path.Combine(root, "*", "bin", "initdb"), "no-such-executable-anywhere"] }).Locate());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The command every skip names installs every tool a test may ask for.</summary>
    [Fact]
    public void InstallDeps_EveryTool_ItsPackageIsInstalled()
    {
        var script = File.ReadAllText(Path.Combine(RepoPaths.Root, "scripts", "install-deps.sh"));

        Assert.All(ExternalTool.All, tool => Assert.Contains($"need+=({tool.Package})", script, StringComparison.Ordinal));
    }

    [Fact]
    public void Named_UnknownTool_Throws() => Assert.Throws<ArgumentException>(() => ExternalTool.Named("apache"));

    /// <summary>The system clock, counting how often it is read.</summary>
    private sealed class CountingClock : TimeProvider
    {
        private int _readings;

        public int Readings => Volatile.Read(ref _readings);

        public override long GetTimestamp()
        {
            Interlocked.Increment(ref _readings);
            return System.GetTimestamp();
        }
    }
}
