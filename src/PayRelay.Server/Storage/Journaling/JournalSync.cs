namespace PayRelay.Server.Storage.Journaling;

/// <summary>How durable a journal write is before the answer that depends on it leaves (<c>JOURNAL_SYNC</c>).</summary>
public enum JournalSync
{
    /// <summary>
    /// <c>write()</c> without fsync: the record is in the kernel's page cache before the 202 leaves, so it survives
    /// any death of the process (kill -9, OOM, the drain deadline), not a crash of the machine.
    /// </summary>
    None,

    /// <summary>Group fsync: a 202 leaves once an fsync that covers its record has returned; concurrent requests share one fsync.</summary>
    Batch,

    /// <summary>An fsync after every record, on the writer's thread: every record (attempts too) is on disk before anything depends on it.</summary>
    Always,
}
