namespace PayRelay.Server.Storage;

/// <summary>The store's log lines: start, recovery, compaction and the journal's errors. Ids 1601–1649.</summary>
internal static partial class StoreLog
{
    [LoggerMessage(1601, LogLevel.Information, "Journal {Directory} (sync {Sync}) replayed in {ElapsedMs} ms: {Records} records, {Ledger} payments in the ledger, {Open} open payments queued again ({Pinned} pinned to a processor){Torn}")]
    public static partial void Recovered(ILogger logger, string directory, string sync, long elapsedMs, long records, long ledger, int open, int pinned, string torn);

    [LoggerMessage(1602, LogLevel.Information, "Journal compacted: snapshot {Snapshot} ({Bytes} bytes) replaces the segments before it")]
    public static partial void Compacted(ILogger logger, string snapshot, long bytes);

    [LoggerMessage(1603, LogLevel.Error, "Journal write failed ({What}); the in-memory state stays right and a restart resolves the payment again")]
    public static partial void WriteFailed(ILogger logger, string what, Exception exception);

    [LoggerMessage(1604, LogLevel.Error, "Journal compaction failed; the segments stay and the next compaction tries again")]
    public static partial void CompactionFailed(ILogger logger, Exception exception);

    [LoggerMessage(1605, LogLevel.Information, "Payments are kept in memory only (JOURNAL_DIR is empty): a restart loses what is not confirmed")]
    public static partial void MemoryOnly(ILogger logger);

    [LoggerMessage(1606, LogLevel.Information, "Handed {Count} payments to the peer {Peer}")]
    public static partial void HandedOff(ILogger logger, int count, string peer);

    [LoggerMessage(1607, LogLevel.Warning, "Shutdown: {Count} payments stay in the journal; the next start takes them up again")]
    public static partial void LeftInJournal(ILogger logger, int count);

    [LoggerMessage(1608, LogLevel.Error, "Shutdown: {Count} payments are not confirmed and this instance keeps no journal (JOURNAL_DIR is empty): they are lost")]
    public static partial void LostWithoutJournal(ILogger logger, int count);
}
