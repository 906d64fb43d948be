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

        using var group = CgroupV1.Create(_root.FullName, "9999", "api1", new ServiceLimits(0.6m, 155L * 1024 * 1024, "155MB"));

        var cpu = Path.Combine(_root.FullName, "cpu", "payrelay-9999-api1");
        var memory = Path.Combine(_root.FullName, "memory", "payrelay-9999-api1");
        Assert.Equal("100000", File.ReadAllText(Path.Combine(cpu, "cpu.cfs_period_us")));
        Assert.Equal("60000", File.ReadAllText(Path.Combine(cpu, "cpu.cfs_quota_us")));
        Assert.Equal("162529280", File.ReadAllText(Path.Combine(memory, "memory.limit_in_bytes")));
        Assert.Equal([Path.Combine(cpu, "cgroup.procs"), Path.Combine(memory, "cgroup.procs")], group.ProcsFiles);
    }

    [Fact]
    public void Create_TwoStacks_TheSameServiceGetsAGroupEachWithItsOwnQuota()
    {
        _root.CreateSubdirectory("cpu");

        // A stack measured on 9999 and another on 18300 beside it: neither's api1 may run under the other's quota.
        using var measured = CgroupV1.Create(_root.FullName, "9999", "api1", new ServiceLimits(0.6m, null, null));
        using var beside = CgroupV1.Create(_root.FullName, "18300", "api1", new ServiceLimits(0.4m, null, null));

        Assert.NotEqual(measured.ProcsFiles[0], beside.ProcsFiles[0]);
        Assert.Equal("60000", File.ReadAllText(Path.Combine(_root.FullName, "cpu", "payrelay-9999-api1", "cpu.cfs_quota_us")));
        Assert.Equal("40000", File.ReadAllText(Path.Combine(_root.FullName, "cpu", "payrelay-18300-api1", "cpu.cfs_quota_us")));
    }

    [Fact]
    public void Create_NoLimits_CreatesNoGroup()
    {
        _root.CreateSubdirectory("cpu");

        using var group = CgroupV1.Create(_root.FullName, "9999", "api2", new ServiceLimits(null, null, null));

        Assert.Empty(group.ProcsFiles);
        Assert.Empty(Directory.GetDirectories(Path.Combine(_root.FullName, "cpu")));
    }

    [Fact]
    public void Create_ControllerMissing_ExplainsWhatLimitsNeed()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CgroupV1.Create(_root.FullName, "9999", "api1", new ServiceLimits(0.5m, null, null)));

        Assert.Contains("cgroup v1", error.Message, StringComparison.Ordinal);
    }
}
