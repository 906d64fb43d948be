using Npgsql;
using PayRelay.Server.Configuration;
using PayRelay.Server.Storage.Postgres;
using PayRelay.Server.Tests.Support;

namespace PayRelay.Server.Tests.Storage.Postgres;

/// <summary>
/// What the instance asks of its pooled connections: no reset on the way back to the pool (none carries session state),
/// hot statements prepared once, and each execution planned for its own values. A setting the user wrote in
/// POSTGRES_URL wins over each default.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresConnectionTests(PostgresFixture postgres)
{
    private const string Somewhere = "Host=db;Username=payrelay;Database=payrelay";

    [Fact]
    public async Task Database_NothingSaid_PooledWithoutResetPreparedAndPlannedPerExecution()
    {
        await using var database = new PostgresDatabase(new ServerOptions { Store = StoreKind.Postgres, PostgresUrl = Somewhere });

        var pooled = new NpgsqlConnectionStringBuilder(database.Source.ConnectionString);
        Assert.True(pooled.Pooling);
        Assert.True(pooled.NoResetOnClose);
        Assert.Equal(PostgresDatabase.AutoPrepared, pooled.MaxAutoPrepare);
        Assert.Equal("-c plan_cache_mode=force_custom_plan", pooled.Options);
        Assert.False(new NpgsqlConnectionStringBuilder(database.Unpooled.ConnectionString).Pooling);
    }

    [Fact]
    public async Task Database_UserSaidOtherwise_TheirSettingsKept()
    {
        await using var database = new PostgresDatabase(new ServerOptions
        {
            Store = StoreKind.Postgres,
            PostgresUrl = Somewhere + ";no reset on close=false;Max Auto Prepare=0;Options=-c plan_cache_mode=auto -c work_mem=2MB",
        });

        var pooled = new NpgsqlConnectionStringBuilder(database.Source.ConnectionString);
        Assert.False(pooled.NoResetOnClose);
        Assert.Equal(0, pooled.MaxAutoPrepare);
        Assert.Equal("-c plan_cache_mode=auto -c work_mem=2MB", pooled.Options);
    }

    [Fact]
    public async Task Database_UserOptionsWithoutThePlanMode_TheModeAddedAfterThem()
    {
        await using var database = new PostgresDatabase(new ServerOptions { Store = StoreKind.Postgres, PostgresUrl = Somewhere + ";Options=-c work_mem=2MB" });

        Assert.Equal("-c work_mem=2MB -c plan_cache_mode=force_custom_plan", new NpgsqlConnectionStringBuilder(database.Source.ConnectionString).Options);
    }

    [SkippableFact]
    public async Task PooledConnection_OnARealServer_KeepsItsPreparedStatementsAndPlansEachExecution()
    {
        await using var database = new PostgresDatabase(new ServerOptions { Store = StoreKind.Postgres, PostgresUrl = await postgres.NewDatabaseAsync() });

        await using (var first = await database.Source.OpenConnectionAsync())
        {
            // Used often enough on one connection, a statement is prepared there.
            for (var i = 0; i < 6; i++)
            {
                await using var repeated = new NpgsqlCommand("SELECT $1::int + 1", first);
                repeated.Parameters.Add(new NpgsqlParameter<int> { TypedValue = i });
                await repeated.ExecuteScalarAsync();
            }

            Assert.Equal("force_custom_plan", await ScalarAsync(first, "SHOW plan_cache_mode"));
        }

        // Back from the pool (the only idle connection): nothing discarded what the session prepared.
        await using var again = await database.Source.OpenConnectionAsync();
        Assert.Equal(1L, await ScalarAsync(again, "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%$1::int + 1%'"));
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
