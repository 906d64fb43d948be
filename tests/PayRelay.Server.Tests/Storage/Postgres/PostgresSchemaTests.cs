using Npgsql;
using PayRelay.Server.Storage.Postgres;
using PayRelay.Server.Tests.Support;

namespace PayRelay.Server.Tests.Storage.Postgres;

/// <summary>The schema is created at start, idempotently, with a version table, and N instances starting together do not race.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaTests(PostgresFixture postgres)
{
    [SkippableFact]
    public async Task Migrate_EmptyDatabase_CreatesTablesAndRecordsEachVersion()
    {
        await using var source = NpgsqlDataSource.Create(await postgres.NewDatabaseAsync());

        var found = await PostgresSchema.MigrateAsync(source, CancellationToken.None);

        Assert.Equal(0, found);
        Assert.Equal(Enumerable.Range(1, PostgresSchema.LatestVersion).ToArray(), await Versions(source));
        Assert.Equal(3, await Scalar<long>(source, "SELECT count(*) FROM pg_tables WHERE tablename IN ('payments', 'processor_health', 'payrelay_schema')"));
    }

    [SkippableFact]
    public async Task Migrate_Twice_FindsTheLatestAndChangesNothing()
    {
        await using var source = NpgsqlDataSource.Create(await postgres.NewDatabaseAsync());
        await PostgresSchema.MigrateAsync(source, CancellationToken.None);

        var found = await PostgresSchema.MigrateAsync(source, CancellationToken.None);

        Assert.Equal(PostgresSchema.LatestVersion, found);
        Assert.Equal(Enumerable.Range(1, PostgresSchema.LatestVersion).ToArray(), await Versions(source));
    }

    [SkippableFact]
    public async Task Migrate_ManyInstancesAtOnce_OneMigratesTheOthersFindItDone()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        var sources = Enumerable.Range(0, 6).Select(_ => NpgsqlDataSource.Create(connectionString)).ToArray();
        try
        {
            using var go = new ManualResetEventSlim();
            var starts = sources.Select(source => Task.Run(async () =>
            {
                go.Wait();
                return await PostgresSchema.MigrateAsync(source, CancellationToken.None);
            })).ToArray();
            go.Set();

            var found = await Task.WhenAll(starts);

            Assert.Single(found, 0);
            Assert.Equal(5, found.Count(f => f == PostgresSchema.LatestVersion));
            Assert.Equal(Enumerable.Range(1, PostgresSchema.LatestVersion).ToArray(), await Versions(sources[0]));
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }
    }

    [SkippableFact]
    public async Task Migrate_SchemaFromANewerRelease_RefusesToStart()
    {
        await using var source = NpgsqlDataSource.Create(await postgres.NewDatabaseAsync());
        await PostgresSchema.MigrateAsync(source, CancellationToken.None);
        await Scalar<int>(source, $"INSERT INTO payrelay_schema (version) VALUES ({PostgresSchema.LatestVersion + 1}) RETURNING version");

        var error = await Assert.ThrowsAsync<PayRelay.Server.Storage.StoreStartException>(() => PostgresSchema.MigrateAsync(source, CancellationToken.None));

        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Payments_ConfirmedOnce_CannotBeConfirmedAgainByAnyProcessor()
    {
        await using var source = NpgsqlDataSource.Create(await postgres.NewDatabaseAsync());
        await PostgresSchema.MigrateAsync(source, CancellationToken.None);
        var id = Guid.NewGuid();
        await Scalar<int>(source, $"INSERT INTO payments (correlation_id, amount_cents, lease_owner) VALUES ('{id}', 1990, 'api1') RETURNING 1");
        await Scalar<int>(source, $"UPDATE payments SET processor = 0, requested_at = 1000, done = true WHERE correlation_id = '{id}' RETURNING 1");

        var other = await Assert.ThrowsAsync<PostgresException>(() => Scalar<int>(source, $"UPDATE payments SET processor = 1, requested_at = 1000 WHERE correlation_id = '{id}' RETURNING 1"));
        var restamped = await Assert.ThrowsAsync<PostgresException>(() => Scalar<int>(source, $"UPDATE payments SET requested_at = 2000 WHERE correlation_id = '{id}' RETURNING 1"));

        Assert.Contains("already confirmed", other.MessageText, StringComparison.Ordinal);
        Assert.Contains("already confirmed", restamped.MessageText, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Payments_AttemptRecordedAtOneProcessor_IsConfirmedByNoOther()
    {
        await using var source = NpgsqlDataSource.Create(await postgres.NewDatabaseAsync());
        await PostgresSchema.MigrateAsync(source, CancellationToken.None);
        var id = Guid.NewGuid();
        await Scalar<int>(source, $"INSERT INTO payments (correlation_id, amount_cents, lease_owner, attempt_to, attempt_requested_at) VALUES ('{id}', 1990, 'api1', 0, 1000) RETURNING 1");

        var error = await Assert.ThrowsAsync<PostgresException>(() => Scalar<int>(source, $"UPDATE payments SET processor = 1, requested_at = 1000, done = true WHERE correlation_id = '{id}' RETURNING 1"));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }

    private static async Task<int[]> Versions(NpgsqlDataSource source)
    {
        await using var command = source.CreateCommand("SELECT version FROM payrelay_schema ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<int>();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt32(0));
        }

        return [.. versions];
    }

    private static async Task<T> Scalar<T>(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
