namespace PayRelay.Server.Storage.Postgres;

/// <summary>What the PostgreSQL store logs; event ids 100 and up, apart from the rest of the server's.</summary>
internal static partial class PostgresLog
{
    [LoggerMessage(100, LogLevel.Information, "PostgreSQL {Database}: schema version {Found} found, {Latest} in use")]
    public static partial void SchemaReady(ILogger logger, string database, int found, int latest);

    [LoggerMessage(101, LogLevel.Warning, "PostgreSQL {Database} not ready yet: {Reason}")]
    public static partial void WaitingForDatabase(ILogger logger, string database, string reason);
}
