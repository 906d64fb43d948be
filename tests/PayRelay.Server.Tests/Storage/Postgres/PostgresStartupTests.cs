using Microsoft.Extensions.Logging.Abstractions;
using PayRelay.Server.Configuration;
using PayRelay.Server.Storage;
using PayRelay.Server.Storage.Postgres;
using PayRelay.Server.Tests.Support;

namespace PayRelay.Server.Tests.Storage.Postgres;

/// <summary>A database that cannot be used stops the start with a message that says which and why.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStartupTests(PostgresFixture postgres)
{
    [Fact]
    public void Database_NotAConnectionString_NamesPostgresUrl()
    {
        var error = Assert.Throws<StoreStartException>(() => new PostgresDatabase(new ServerOptions { Store = StoreKind.Postgres, PostgresUrl = "postgres://a@b/c" }));

        Assert.Contains("POSTGRES_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NothingListening_FailsAfterTheTimeoutNamingTheDatabase()
    {
        var nowhere = Directory.CreateTempSubdirectory("payrelay-nopg-");
        try
        {
            await using var database = new PostgresDatabase(new ServerOptions
            {
                Store = StoreKind.Postgres,
                PostgresUrl = $"Host={nowhere.FullName};Port=24599;Username=payrelay;Database=payrelay",
                PostgresStartTimeout = TimeSpan.FromMilliseconds(600),
            });
            var startup = new PostgresStartup(database, TimeProvider.System, NullLogger<PostgresStartup>.Instance);

            var error = await Assert.ThrowsAsync<StoreStartException>(() => startup.StartAsync(CancellationToken.None));

            Assert.Contains(nowhere.FullName, error.Message, StringComparison.Ordinal);
            Assert.Contains("did not answer", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            nowhere.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public async Task Start_UnknownDatabase_FailsAtOnceWithWhatTheServerSaid()
    {
        await using var database = new PostgresDatabase(new ServerOptions
        {
            Store = StoreKind.Postgres,
            PostgresUrl = postgres.Cluster.ConnectionString("no_such_database"),
            PostgresStartTimeout = TimeSpan.FromMinutes(5),
        });
        var startup = new PostgresStartup(database, TimeProvider.System, NullLogger<PostgresStartup>.Instance);

        var error = await Assert.ThrowsAsync<StoreStartException>(() => startup.StartAsync(CancellationToken.None));

        Assert.Contains("no_such_database", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Server_StorePostgres_StartsWithTheSchemaInPlace()
    {
        var connectionString = await postgres.NewDatabaseAsync();

        await using var server = await ServerHost.StartAsync(new ServerOptions { InstanceId = "api1", Store = StoreKind.Postgres, PostgresUrl = connectionString });

        var version = await postgres.Cluster.Psql(connectionString.Split("Database=")[1].Split(';')[0], "SELECT max(version) FROM payrelay_schema");
        Assert.Equal(PostgresSchema.LatestVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), version);
    }
}
