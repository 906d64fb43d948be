using System.Globalization;

namespace PayRelay.LocalPostgres;

/// <summary>
/// A throwaway PostgreSQL cluster from Debian's package, in a directory of its own: <c>initdb</c> into it and a server
/// that listens only on a unix socket there, so no port can collide with anything (the port number only names the
/// socket file, <c>.s.PGSQL.N</c>). PostgreSQL refuses to run as root: as root the cluster runs as the package's
/// <c>postgres</c> user, which owns the directory. <c>up --store postgres</c> starts one durable, as a deployment runs;
/// the test fixture starts one without syncing to disk (fsync, full pages), as a test cluster is not kept, where a
/// commit still survives the server's own crash (<see cref="StopAsync"/> immediate).
/// </summary>
public sealed class LocalCluster
{
    /// <summary>The superuser everything connects as (trust authentication over the socket).</summary>
    public const string User = "payrelay";

    private readonly ClusterTools _tools;
    private readonly bool _durable;
    private readonly string _serverOptions;

    /// <summary>
    /// A cluster in <paramref name="directory"/> run with the tools in <paramref name="bin"/>; nothing happens on disk until
    /// <see cref="InitializeAsync"/>. <paramref name="durable"/> keeps PostgreSQL's defaults; otherwise nothing is synced
    /// to disk. <paramref name="settings"/> are further server settings (<c>name=value</c>).
    /// </summary>
    public LocalCluster(string bin, string directory, int socketPort, bool durable, IReadOnlyList<string>? settings = null)
    {
        _tools = new ClusterTools(bin, asPostgresUser: Environment.IsPrivilegedProcess);
        _durable = durable;
        Directory = directory;
        SocketPort = socketPort;
        IReadOnlyList<string> all = durable ? settings ?? [] : ["fsync=off", "full_page_writes=off", .. settings ?? []];
        _serverOptions = string.Join(' ', [$"-k {directory} -p {socketPort} -c listen_addresses='' -c max_connections=200", .. all.Select(s => "-c " + s)]);
    }

    /// <summary>Holds the data directory, the socket and the server's log.</summary>
    public string Directory { get; }

    /// <summary>Names the socket file; the server has no TCP listener.</summary>
    public int SocketPort { get; }

    public string DataDirectory => Path.Combine(Directory, "data");

    public string LogFile => Path.Combine(Directory, "postgres.log");

    /// <summary>Whether a server runs on the data directory (its pid file is there).</summary>
    public bool IsRunning => File.Exists(Path.Combine(DataDirectory, "postmaster.pid"));

    /// <summary>
    /// The running server's main process (the first line of <c>postmaster.pid</c>), whose children are the rest of the
    /// cluster: what a script reads in <c>/proc</c> to learn what the database spends.
    /// </summary>
    public int PostmasterPid => ReadPostmasterPid(Path.Combine(DataDirectory, "postmaster.pid"));

    /// <summary>The PID on the first line of a <c>postmaster.pid</c> file.</summary>
    /// <exception cref="InvalidOperationException">The first line names no process.</exception>
    public static int ReadPostmasterPid(string path)
    {
        var first = File.ReadLines(path).FirstOrDefault();
        return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0
            ? pid
            : throw new InvalidOperationException($"{path} names no PostgreSQL process (first line: '{first}')");
    }

    /// <summary>The newest installed PostgreSQL's bin directory (<c>/usr/lib/postgresql/N/bin</c>), or null.</summary>
    public static string? FindBin() =>
        System.IO.Directory.Exists("/usr/lib/postgresql")
            ? System.IO.Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderBy(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .LastOrDefault()
            : null;

    /// <summary>Creates the cluster in a new directory (see the constructor) and starts it.</summary>
    public static async Task<LocalCluster> StartAsync(string bin, string directory, int socketPort, bool durable, IReadOnlyList<string>? settings = null, CancellationToken cancellationToken = default)
    {
        var cluster = new LocalCluster(bin, directory, socketPort, durable, settings);
        await cluster.InitializeAsync(cancellationToken);
        await cluster.StartServerAsync(cancellationToken);
        return cluster;
    }

    /// <summary>Creates the directory (as root, the <c>postgres</c> user's) and the cluster in it (<c>initdb</c>).</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        System.IO.Directory.CreateDirectory(Directory);
        await _tools.TakeOwnershipAsync(Directory, cancellationToken);
        await _tools.RunAsync("initdb", ["-D", DataDirectory, "-U", User, "--auth=trust", .. _durable ? Array.Empty<string>() : ["--no-sync"], "-E", "UTF8", "--locale=C"], cancellationToken);
    }

    /// <summary>An Npgsql connection string for <paramref name="database"/> over the socket.</summary>
    public string ConnectionString(string database) => $"Host={Directory};Port={SocketPort};Username={User};Database={database}";

    /// <summary>Starts the server on the data directory (again, after a stop).</summary>
    public Task StartServerAsync(CancellationToken cancellationToken = default) =>
        _tools.RunAsync("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "start", "-o", _serverOptions], cancellationToken);

    /// <summary>
    /// Stops the server: fast (open connections are cut, the data is left consistent), or <paramref name="immediate"/>
    /// the way a crash does (no checkpoint; the next start recovers from the WAL).
    /// </summary>
    public Task StopAsync(bool immediate = false, CancellationToken cancellationToken = default) =>
        _tools.RunAsync("pg_ctl", ["-D", DataDirectory, "-m", immediate ? "immediate" : "fast", "-w", "stop"], cancellationToken);

    /// <summary>Runs SQL through psql and returns what it printed (unaligned, tuples only).</summary>
    public Task<string> PsqlAsync(string database, string sql, CancellationToken cancellationToken = default) =>
        _tools.RunAsync("psql", ["-h", Directory, "-p", SocketPort.ToString(CultureInfo.InvariantCulture), "-U", User, "-d", database, "-v", "ON_ERROR_STOP=1", "-qAtc", sql], cancellationToken);
}
