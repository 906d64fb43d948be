using Npgsql;
using PayRelay.Server.Configuration;

namespace PayRelay.Server.Storage.Postgres;

/// <summary>
/// The shared database: one pooled data source for the instance. Built with the slim builder, which brings only the
/// type handlers asked for (the basic types and arrays), keeping the instance trim- and AOT-clean.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    public PostgresDatabase(ServerOptions options)
    {
        NpgsqlConnectionStringBuilder connection;
        try
        {
            connection = new NpgsqlConnectionStringBuilder(options.PostgresUrl);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new StoreStartException($"POSTGRES_URL is not an Npgsql connection string ({e.Message}); expected e.g. 'Host=db;Username=payrelay;Password=...;Database=payrelay'.", e);
        }

        // Each instance says who it is in pg_stat_activity; the rest is the user's to tune in the string itself.
        connection.ApplicationName ??= "payrelay-" + options.InstanceId;
        Display = $"{connection.Host}:{connection.Port}/{connection.Database ?? connection.Username}";
        StartTimeout = options.PostgresStartTimeout;
        var builder = new NpgsqlSlimDataSourceBuilder(connection.ConnectionString);
        builder.EnableArrays();
        Source = builder.Build();

        // The health election's session locks live as long as its connection: unpooled, closing it ends the session
        // and frees the locks at once, where a pooled one would keep them on an idle connection.
        connection.Pooling = false;
        Election = new NpgsqlSlimDataSourceBuilder(connection.ConnectionString).Build();
    }

    /// <summary>Unpooled connections for the health election.</summary>
    public NpgsqlDataSource Election { get; }

    /// <summary>Where the database is, without credentials, for messages.</summary>
    public string Display { get; }

    public TimeSpan StartTimeout { get; }

    public NpgsqlDataSource Source { get; }

    public async ValueTask DisposeAsync()
    {
        await Election.DisposeAsync();
        await Source.DisposeAsync();
    }
}
