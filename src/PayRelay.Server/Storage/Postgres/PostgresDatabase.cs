using System.Data.Common;
using Npgsql;
using PayRelay.Server.Configuration;

namespace PayRelay.Server.Storage.Postgres;

/// <summary>
/// The shared database: one pooled data source for the instance, and unpooled connections for whatever holds session
/// state (the migration's and the health election's advisory locks). Built with the slim builder, which brings only
/// the type handlers asked for (the basic types and arrays), keeping the instance trim- and AOT-clean.
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
        var given = Keywords(options.PostgresUrl ?? "");

        // Nothing on a pooled connection leaves session state behind (locks and migrations use unpooled ones), so a
        // connection going back to the pool needs no DISCARD ALL: that was a transaction of its own for every statement,
        // half the database's commits at 200 payments a second. And the few statements run thousands of times a
        // minute are prepared once per connection instead of parsed and planned each time.
        if (!given.Overlaps(["No Reset On Close", "NoResetOnClose"]))
        {
            connection.NoResetOnClose = true;
        }

        if (!given.Overlaps(["Max Auto Prepare", "MaxAutoPrepare"]))
        {
            connection.MaxAutoPrepare = AutoPrepared;
        }

        // A prepared statement's generic plan is made once, for a table that may then have been empty: the updates by id
        // went on scanning the whole table long after it had grown. Each execution is planned for its values instead.
        if (!(connection.Options ?? "").Contains("plan_cache_mode", StringComparison.Ordinal))
        {
            connection.Options = ((connection.Options ?? "") + " -c plan_cache_mode=force_custom_plan").TrimStart();
        }

        Display = $"{connection.Host}:{connection.Port}/{connection.Database ?? connection.Username}";
        StartTimeout = options.PostgresStartTimeout;
        var builder = new NpgsqlSlimDataSourceBuilder(connection.ConnectionString);
        builder.EnableArrays();
        Source = builder.Build();

        // Session advisory locks live as long as their connection: unpooled, closing it ends the session and frees
        // the locks at once, where a pooled one would keep them on an idle connection.
        connection.Pooling = false;
        Unpooled = new NpgsqlSlimDataSourceBuilder(connection.ConnectionString).Build();
    }

    /// <summary>
    /// How many statements each pooled connection keeps prepared: the store's hot ones (accept, attempt, outcome, the
    /// lease and take-over queries, the summary) with room to spare.
    /// </summary>
    public const int AutoPrepared = 16;

    /// <summary>Unpooled connections, for session state: the migration lock and the health election.</summary>
    public NpgsqlDataSource Unpooled { get; }

    /// <summary>Where the database is, without credentials, for messages.</summary>
    public string Display { get; }

    public TimeSpan StartTimeout { get; }

    public NpgsqlDataSource Source { get; }

    /// <summary>The keywords the user's connection string names, as written (any case), so a default never overrides them.</summary>
    private static HashSet<string> Keywords(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return new HashSet<string>(builder.Keys.Cast<string>(), StringComparer.OrdinalIgnoreCase);
    }

    public async ValueTask DisposeAsync()
    {
        await Unpooled.DisposeAsync();
        await Source.DisposeAsync();
    }
}
