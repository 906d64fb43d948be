using System.Diagnostics;

namespace PayRelay.Bench.Up;

/// <summary>
/// The PostgreSQL cluster of <c>up --store postgres</c>, from Debian's package: <c>initdb</c> into the run directory and a
/// server listening only on a unix socket there (no port to collide with). PostgreSQL refuses to run as root, so as
/// root the cluster runs as the package's <c>postgres</c> user, which owns its directory. The test fixture
/// (<c>PayRelay.Testing.PostgresCluster</c>) does the same for tests; this one keeps fsync on, as a deployment would.
/// </summary>
public sealed class LocalPostgres
{
    /// <summary>Only names the socket file (<c>.s.PGSQL.25432</c>).</summary>
    public const int SocketPort = 25432;

    public const string User = "payrelay";

    private readonly string _bin;
    private readonly bool _asPostgresUser;

    private LocalPostgres(string bin, string directory)
    {
        _bin = bin;
        Directory = directory;
        _asPostgresUser = Posix.IsRoot;
    }

    /// <summary>Holds the data directory, the socket and the server's log.</summary>
    public string Directory { get; }

    public string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>
    /// The server's main process (the first line of <c>postmaster.pid</c>), whose children are the rest of the cluster:
    /// what a script reads in <c>/proc</c> to learn what the database spends.
    /// </summary>
    public int PostmasterPid { get; private set; }

    /// <summary>What the instances get as <c>POSTGRES_URL</c>.</summary>
    public string ConnectionString => $"Host={Directory};Port={SocketPort};Username={User};Database=postgres";

    /// <summary>The newest installed PostgreSQL's bin directory, or null.</summary>
    public static string? FindBin() =>
        System.IO.Directory.Exists("/usr/lib/postgresql")
            ? System.IO.Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderBy(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .LastOrDefault()
            : null;

    /// <summary>Creates and starts a cluster in <paramref name="directory"/> (created here).</summary>
    public static async Task<LocalPostgres> StartAsync(string directory, CancellationToken cancellationToken)
    {
        var bin = FindBin() ?? throw new InvalidOperationException("--store postgres needs Debian's postgresql package: sudo apt-get install postgresql (or scripts/install-deps.sh)");
        System.IO.Directory.CreateDirectory(directory);
        var cluster = new LocalPostgres(bin, directory);
        if (cluster._asPostgresUser)
        {
            await RunAsync("chown", ["postgres:postgres", directory], asPostgresUser: false, cancellationToken);
        }

        await cluster.ToolAsync("initdb", ["-D", cluster.DataDirectory, "-U", User, "--auth=trust", "-E", "UTF8", "--locale=C"], cancellationToken);
        await cluster.ToolAsync("pg_ctl", [
            "-D", cluster.DataDirectory, "-l", Path.Combine(directory, "postgres.log"), "-w", "-t", "60", "start", "-o",
            $"-k {directory} -p {SocketPort} -c listen_addresses='' -c max_connections=200",
        ], cancellationToken);
        cluster.PostmasterPid = ReadPostmasterPid(Path.Combine(cluster.DataDirectory, "postmaster.pid"));
        return cluster;
    }

    /// <summary>The PID on the first line of a <c>postmaster.pid</c> file.</summary>
    public static int ReadPostmasterPid(string path)
    {
        var first = File.ReadLines(path).FirstOrDefault();
        return int.TryParse(first, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid) && pid > 0
            ? pid
            : throw new InvalidOperationException($"{path} names no PostgreSQL process (first line: '{first}')");
    }

    /// <summary>Stops the server (fast: open connections are cut, the data is left consistent).</summary>
    public Task StopAsync() => ToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"], CancellationToken.None);

    private Task ToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(Path.Combine(_bin, tool), arguments, _asPostgresUser, cancellationToken);

    private static async Task RunAsync(string executable, IReadOnlyList<string> arguments, bool asPostgresUser, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(asPostgresUser ? "runuser" : executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        if (asPostgresUser)
        {
            foreach (var prefix in new[] { "-u", "postgres", "--", executable })
            {
                info.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not run {executable}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(executable)} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }
    }
}
