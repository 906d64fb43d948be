using System.Globalization;

namespace PayRelay.Bench.Up;

/// <summary>
/// A service's CPU and memory limits as cgroup v1 groups, the way Docker applies
/// <c>deploy.resources.limits</c>: a CFS quota per 100 ms period and a memory limit. The child joins
/// the groups before it executes (its start script writes its own PID to <c>cgroup.procs</c>). The groups are named
/// after the stack as well as the service (<c>payrelay-9999-api1</c>), so two stacks on other ports never share a quota.
/// </summary>
public sealed class CgroupV1 : IDisposable
{
    public const string DefaultRoot = "/sys/fs/cgroup";
    private const long PeriodMicroseconds = 100_000;
    private readonly List<string> _directories = [];

    private CgroupV1()
    {
    }

    /// <summary>The <c>cgroup.procs</c> files the child writes its PID to.</summary>
    public IReadOnlyList<string> ProcsFiles => _directories.Select(d => Path.Combine(d, "cgroup.procs")).ToList();

    /// <param name="root">Where the controllers are mounted (<see cref="DefaultRoot"/>).</param>
    /// <param name="stack">What tells this stack from another running beside it: <c>up</c> passes its port.</param>
    /// <param name="service">The service (api1, haproxy, ...).</param>
    /// <param name="limits">Its CPU and memory limits; a group is made only for the limits it has.</param>
    public static CgroupV1 Create(string root, string stack, string service, ServiceLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var group = new CgroupV1();
        try
        {
            var name = $"payrelay-{stack}-{service}";
            if (limits.Cpus is { } cpus)
            {
                var dir = group.MakeGroup(root, "cpu", name);
                File.WriteAllText(Path.Combine(dir, "cpu.cfs_period_us"), PeriodMicroseconds.ToString(CultureInfo.InvariantCulture));
                File.WriteAllText(Path.Combine(dir, "cpu.cfs_quota_us"), ((long)(cpus * PeriodMicroseconds)).ToString(CultureInfo.InvariantCulture));
            }

            if (limits.MemoryBytes is { } bytes)
            {
                var dir = group.MakeGroup(root, "memory", name);
                File.WriteAllText(Path.Combine(dir, "memory.limit_in_bytes"), bytes.ToString(CultureInfo.InvariantCulture));
            }

            return group;
        }
        catch
        {
            group.Dispose();
            throw;
        }
    }

    /// <summary>Removes the groups; the kernel allows it once their processes have exited.</summary>
    public void Dispose()
    {
        foreach (var dir in _directories)
        {
            try
            {
                Directory.Delete(dir, recursive: false);
            }
            catch (IOException)
            {
                // Still busy or already gone: nothing more to do from here.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        _directories.Clear();
    }

    private string MakeGroup(string root, string controller, string name)
    {
        var controllerDir = Path.Combine(root, controller);
        if (!Directory.Exists(controllerDir))
        {
            throw new InvalidOperationException(
                $"--limits needs the cgroup v1 '{controller}' controller at {controllerDir} (as root); this machine does not have it");
        }

        var dir = Path.Combine(controllerDir, name);
        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidOperationException($"--limits needs root to create {dir}", e);
        }

        _directories.Add(dir);
        return dir;
    }
}
