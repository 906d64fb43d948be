namespace PayRelay.Server.Storage.Postgres;

/// <summary>What the PostgreSQL store logs; event ids 100 and up, apart from the rest of the server's.</summary>
internal static partial class PostgresLog
{
    [LoggerMessage(100, LogLevel.Information, "PostgreSQL {Database}: schema version {Found} found, {Latest} in use")]
    public static partial void SchemaReady(ILogger logger, string database, int found, int latest);

    [LoggerMessage(101, LogLevel.Warning, "PostgreSQL {Database} not ready yet: {Reason}")]
    public static partial void WaitingForDatabase(ILogger logger, string database, string reason);

    [LoggerMessage(102, LogLevel.Warning, "Took over {Count} open payments of instances that stopped renewing (now held by {Owner})")]
    public static partial void TookOver(ILogger logger, int count, string owner);

    [LoggerMessage(103, LogLevel.Information, "Instance {Owner} released its lease: {Count} open payments left for the others")]
    public static partial void Released(ILogger logger, string owner, int count);

    [LoggerMessage(104, LogLevel.Warning, "Lease {Operation} failed: {Reason}")]
    public static partial void LeaseFault(ILogger logger, string operation, string reason);

    [LoggerMessage(105, LogLevel.Warning, "Confirmation of payment {CorrelationId} not recorded yet ({Reason}); retrying")]
    public static partial void OutcomeRetried(ILogger logger, Guid correlationId, string reason);

    [LoggerMessage(106, LogLevel.Information, "Health polling of {Processor}: elected, {InstanceId} polls it for the deployment")]
    public static partial void HealthElected(ILogger logger, string processor, string instanceId);

    [LoggerMessage(107, LogLevel.Warning, "Health election connection lost ({Reason}); trying again")]
    public static partial void HealthElectionFault(ILogger logger, string reason);

    [LoggerMessage(108, LogLevel.Warning, "Queued {Count} open payments of this instance ({Owner}) that it did not hold: accepts whose answer from the database was lost")]
    public static partial void SweptOwn(ILogger logger, int count, string owner);
}
