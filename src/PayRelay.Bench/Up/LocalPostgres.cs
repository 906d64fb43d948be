using PayRelay.LocalPostgres;

namespace PayRelay.Bench.Up;

/// <summary>
/// The PostgreSQL cluster of <c>up --store postgres</c>: a <see cref="LocalCluster"/> from Debian's package in the run
/// directory, listening only on a unix socket there, durable as a deployment would be (the test fixture,
/// <c>PayRelay.Testing.PostgresCluster</c>, starts the same cluster without syncing to disk), with the server settings
/// of the compose file's <c>db</c> service and, under <c>--limits</c>, in a cgroup with its CPU and memory limits.
/// </summary>
public static class LocalPostgres
{
    /// <summary>Only names the socket file (<c>.s.PGSQL.25432</c>).</summary>
    public const int SocketPort = 25432;

    /// <summary>The database the instances share (the cluster's first).</summary>
    public const string Database = "postgres";

    /// <summary>The compose file's database service, whose settings and (under <c>--limits</c>) limits the cluster takes.</summary>
    public const string ComposeService = "db";

    /// <summary>Creates and starts a cluster in <paramref name="directory"/> (created here) with the server <paramref name="settings"/> (<c>name=value</c>).</summary>
    public static Task<LocalCluster> StartAsync(string directory, IReadOnlyList<string> settings, CancellationToken cancellationToken)
    {
        var bin = LocalCluster.FindBin() ?? throw new InvalidOperationException("--store postgres needs Debian's postgresql package: sudo apt-get install postgresql (or scripts/install-deps.sh)");
        return LocalCluster.StartAsync(bin, directory, SocketPort, durable: true, settings, cancellationToken);
    }

    /// <summary>
    /// Moves the running cluster (the postmaster and every process it has forked so far; later ones inherit the group)
    /// into <paramref name="group"/>'s <c>cgroup.procs</c> files.
    /// </summary>
    public static void Confine(LocalCluster cluster, CgroupV1 group)
    {
        var postmaster = cluster.PostmasterPid;
        List<int> pids = [postmaster, .. ChildrenOf(postmaster)];
        foreach (var procs in group.ProcsFiles)
        {
            foreach (var pid in pids)
            {
                try
                {
                    File.WriteAllText(procs, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                catch (IOException) when (pid != postmaster)
                {
                    // A backend that exited meanwhile.
                }
            }
        }
    }

    /// <summary>The processes whose parent is <paramref name="parent"/>, from <c>/proc/PID/stat</c>.</summary>
    private static IEnumerable<int> ChildrenOf(int parent)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }

            // After the command in parentheses (which may hold spaces): state, then the parent's PID.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 1 && int.TryParse(fields[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ppid) && ppid == parent)
            {
                yield return pid;
            }
        }
    }
}
