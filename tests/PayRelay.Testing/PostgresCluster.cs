using PayRelay.LocalPostgres;

namespace PayRelay.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster for tests: the <see cref="LocalCluster"/> that <c>up --store postgres</c> starts, in a
/// temporary directory, without syncing to disk (a test cluster is not kept; a commit still survives the server's own
/// crash, <see cref="StopAsync"/>, as in production) and with small shared buffers. <see cref="DisposeAsync"/> stops it
/// and deletes the directory. The package is installed on demand the way <see cref="RequiredTool"/> installs every
/// tool, or the test is skipped.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    /// <summary>Only names the socket file (<c>.s.PGSQL.24500</c>): the server has no TCP listener.</summary>
    public const int SocketPort = 24500;

    /// <summary>The superuser every test connects as (trust authentication over the socket).</summary>
    public const string User = LocalCluster.User;

    private static int _databases;
    private readonly LocalCluster _cluster;

    private PostgresCluster(LocalCluster cluster) => _cluster = cluster;

    /// <summary>Holds the data directory, the socket and the server's log.</summary>
    public string Directory => _cluster.Directory;

    public string DataDirectory => _cluster.DataDirectory;

    public string LogFile => _cluster.LogFile;

    /// <summary>An Npgsql connection string for <paramref name="database"/>.</summary>
    public string ConnectionString(string database) => _cluster.ConnectionString(database) + ";Pooling=true";

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = Path.GetDirectoryName(RequiredTool.Path("postgresql"))!;
        var directory = System.IO.Directory.CreateTempSubdirectory("payrelay-pg-").FullName;
        var cluster = new PostgresCluster(new LocalCluster(bin, directory, SocketPort, durable: false, ["shared_buffers=32MB"]));
        try
        {
            await cluster._cluster.InitializeAsync();
            await cluster._cluster.StartServerAsync();
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
    public Task<string> Psql(string database, string sql) => _cluster.PsqlAsync(database, sql);

    /// <summary>Stops the server the way a crash does (no checkpoint, every connection cut).</summary>
    public Task StopAsync() => _cluster.StopAsync(immediate: true);

    /// <summary>Starts the server again on the same data.</summary>
    public Task StartServerAsync() => _cluster.StartServerAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_cluster.IsRunning)
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
}
