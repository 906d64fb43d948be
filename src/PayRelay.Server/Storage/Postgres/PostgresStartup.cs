using Npgsql;

namespace PayRelay.Server.Storage.Postgres;

/// <summary>
/// Makes the database ready before the instance listens: waits for it to answer (a database started beside the
/// instance may come up a moment later), then migrates the schema. Past <see cref="PostgresDatabase.StartTimeout"/>
/// the start fails with a message naming the database and what went wrong.
/// </summary>
public sealed class PostgresStartup(PostgresDatabase database, TimeProvider time, ILogger<PostgresStartup> logger) : IHostedService
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(250);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            try
            {
                var found = await PostgresSchema.MigrateAsync(database.Unpooled, cancellationToken);
                PostgresLog.SchemaReady(logger, database.Display, found, PostgresSchema.LatestVersion);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                if (e is PostgresException { IsTransient: false } fatal)
                {
                    throw new StoreStartException($"the PostgreSQL database {database.Display} refused the schema: {fatal.MessageText}", e);
                }

                if (time.GetElapsedTime(started) >= database.StartTimeout)
                {
                    throw new StoreStartException(
                        $"the PostgreSQL database {database.Display} did not answer within {database.StartTimeout.TotalSeconds:0.#} s (POSTGRES_START_TIMEOUT_MS): {e.Message}", e);
                }

                PostgresLog.WaitingForDatabase(logger, database.Display, e.Message);
                await Task.Delay(RetryPause, time, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
