namespace PayRelay.Server.Storage.Journaling;

/// <summary>Where the journal lives and how durable it is (<c>JOURNAL_DIR</c>, <c>JOURNAL_SYNC</c>, <c>JOURNAL_SEGMENT_MB</c>).</summary>
public sealed record JournalOptions(string Directory, JournalSync Sync = JournalSync.None, long SegmentLimitBytes = JournalOptions.DefaultSegmentLimitBytes)
{
    /// <summary>
    /// 64 MB: about 430,000 payments of three records each. Past it a snapshot replaces the segments, so a restart
    /// replays at most one snapshot and two segments' worth.
    /// </summary>
    public const long DefaultSegmentLimitBytes = 64L * 1024 * 1024;
}
