using PayRelay.Bench.Up;

namespace PayRelay.Bench.Tests;

public sealed class CgroupV1Tests : IDisposable
{
    // A stand-in for /sys/fs/cgroup: the controllers are plain directories, so the files written are visible.
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("cgroup-test-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void Create_CpuAndMemory_WritesQuotaPeriodAndLimitLikeDocker()
    {
        _root.CreateSubdirectory("cpu");
        _root.CreateSubdirectory("memory");

        using var group = CgroupV1.Create(_root.FullName, "api1", new ServiceLimits(0.6m, 155L * 1024 * 1024, "155MB"));

        var cpu = Path.Combine(_root.FullName, "cpu", "payrelay-api1");
        var memory = Path.Combine(_root.FullName, "memory", "payrelay-api1");
        Assert.Equal("100000", File.ReadAllText(Path.Combine(cpu, "cpu.cfs_period_us")));
        Assert.Equal("60000", File.ReadAllText(Path.Combine(cpu, "cpu.cfs_quota_us")));
        Assert.Equal("162529280", File.ReadAllText(Path.Combine(memory, "memory.limit_in_bytes")));
        Assert.Equal([Path.Combine(cpu, "cgroup.procs"), Path.Combine(memory, "cgroup.procs")], group.ProcsFiles);
    }

    [Fact]
    public void Create_NoLimits_CreatesNoGroup()
    {
        _root.CreateSubdirectory("cpu");

        using var group = CgroupV1.Create(_root.FullName, "api2", new ServiceLimits(null, null, null));

        Assert.Empty(group.ProcsFiles);
        Assert.Empty(Directory.GetDirectories(Path.Combine(_root.FullName, "cpu")));
    }

    [Fact]
    public void Create_ControllerMissing_ExplainsWhatLimitsNeed()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CgroupV1.Create(_root.FullName, "api1", new ServiceLimits(0.5m, null, null)));

        Assert.Contains("cgroup v1", error.Message, StringComparison.Ordinal);
    }
}
