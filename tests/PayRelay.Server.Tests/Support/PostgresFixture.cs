using PayRelay.Testing;

namespace PayRelay.Server.Tests.Support;

/// <summary>
/// One throwaway PostgreSQL cluster for every test of the <see cref="PostgresCollection"/>; each test takes a database
/// of its own from it. Starting it skips those tests when PostgreSQL cannot be had, and remembers why.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresCluster? _cluster;
    private Exception? _unavailable;

    /// <summary>The shared cluster; skips the calling test when it could not be started.</summary>
    public PostgresCluster Cluster => _cluster ?? throw (_unavailable is SkipException skip ? new SkipException(skip.Message) : new InvalidOperationException("the PostgreSQL cluster did not start", _unavailable));

    /// <summary>A connection string to a new, empty database of the shared cluster.</summary>
    public async Task<string> NewDatabaseAsync() => Cluster.ConnectionString(await Cluster.CreateDatabaseAsync());

    public async Task InitializeAsync()
    {
        try
        {
            _cluster = await PostgresCluster.StartAsync();
        }
        catch (Exception e) when (e is SkipException or InvalidOperationException)
        {
            _unavailable = e;
        }
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

/// <summary>The tests that share one PostgreSQL cluster; they run one at a time, like the integration scenarios.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
