using System.Diagnostics;
using System.Globalization;

namespace PayRelay.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster from Debian's package: <c>initdb</c> into a temporary directory, a server that listens
/// only on a unix socket in that directory (so no port can collide with anything), and <see cref="DisposeAsync"/>
/// stops it and deletes the directory. PostgreSQL refuses to run as root: as root the cluster runs as the package's
/// <c>postgres</c> user, which owns the directory. Durability against a machine crash is off (fsync, full pages): a test
/// cluster is not kept; a commit still survives the server's own crash (<see cref="StopAsync"/>), as in production.
/// The package is installed on demand the way <see cref="RequiredTool"/> installs every tool, or the test is skipped.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    /// <summary>Only names the socket file (<c>.s.PGSQL.24500</c>): the server has no TCP listener.</summary>
    public const int SocketPort = 24500;

    private static int _databases;
    private readonly string _bin;
    private readonly bool _asPostgresUser;

    private PostgresCluster(string bin, string directory, bool asPostgresUser)
    {
        _bin = bin;
        Directory = directory;
        _asPostgresUser = asPostgresUser;
    }

    /// <summary>Holds the data directory, the socket and the server's log.</summary>
    public string Directory { get; }

    public string DataDirectory => Path.Combine(Directory, "data");

    public string LogFile => Path.Combine(Directory, "server.log");

    /// <summary>The superuser every test connects as (trust authentication over the socket).</summary>
    public const string User = "payrelay";

    /// <summary>An Npgsql connection string for <paramref name="database"/>.</summary>
    public string ConnectionString(string database) => $"Host={Directory};Port={SocketPort};Username={User};Database={database};Pooling=true";

    public static async Task<PostgresCluster> StartAsync()
    {
        var postgres = RequiredTool.Path("postgresql");
        var bin = Path.GetDirectoryName(postgres)!;
        var asPostgresUser = Environment.UserName == "root";
        var directory = System.IO.Directory.CreateTempSubdirectory("payrelay-pg-").FullName;
        var cluster = new PostgresCluster(bin, directory, asPostgresUser);
        try
        {
            if (asPostgresUser)
            {
                await Run("chown", ["postgres:postgres", directory], asPostgresUser: false);
            }

            await cluster.RunTool("initdb", ["-D", cluster.DataDirectory, "-U", User, "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
            await cluster.StartServerAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new empty database, so tests sharing the cluster never see each other's payments.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await Psql("postgres", $"CREATE DATABASE {name}");
        return name;
    }

    /// <summary>Runs SQL through psql and returns what it printed (unaligned, tuples only).</summary>
    public Task<string> Psql(string database, string sql) =>
        RunTool("psql", ["-h", Directory, "-p", SocketPort.ToString(CultureInfo.InvariantCulture), "-U", User, "-d", database, "-v", "ON_ERROR_STOP=1", "-qAtc", sql]);

    /// <summary>Stops the server the way a crash does (no checkpoint, every connection cut).</summary>
    public Task StopAsync() => RunTool("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);

    /// <summary>Starts the server again on the same data.</summary>
    public Task StartServerAsync() => RunTool("pg_ctl", [
        "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "start", "-o",
        $"-k {Directory} -p {SocketPort} -c listen_addresses='' -c fsync=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=32MB",
    ]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await StopAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already stopped; the directory goes regardless.
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private Task<string> RunTool(string tool, IReadOnlyList<string> arguments) =>
        Run(Path.Combine(_bin, tool), arguments, _asPostgresUser);

    private static async Task<string> Run(string executable, IReadOnlyList<string> arguments, bool asPostgresUser)
    {
        var info = new ProcessStartInfo(asPostgresUser ? "runuser" : executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
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

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(executable)} took longer than 2 minutes");
        }

        return process.ExitCode == 0
            ? (await stdout).Trim()
            : throw new InvalidOperationException($"{Path.GetFileName(executable)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stderr}{await stdout}");
    }
}
