namespace PayRelay.Server.Storage.Journaling;

/// <summary>
/// Appends records to the current log segment: one <c>write()</c> per call, straight to the kernel (the stream has
/// no buffer of its own), so a record is out of the process before the answer that depends on it. The caller (the
/// store) serialises appends; the writer's own lock only guards the swap of segments against the batch flusher.
/// </summary>
public sealed partial class JournalWriter : IDisposable
{
    private readonly JournalFiles _files;
    private readonly Lock _fileGate = new();
    private FileStream _file;
    private long _segment;
    private long _segmentBytes;
    private long _written;

    /// <summary>Opens segment <paramref name="firstSegment"/> for appending; every existing file has a lower number.</summary>
    public JournalWriter(JournalFiles files, JournalSync sync, long segmentLimitBytes, long firstSegment)
    {
        _files = files;
        Sync = sync;
        SegmentLimitBytes = segmentLimitBytes;
        _segment = firstSegment;
        _file = Open(firstSegment);
    }

    public JournalSync Sync { get; }

    /// <summary>Past this size the current segment asks for a compaction.</summary>
    public long SegmentLimitBytes { get; }

    /// <summary>The number of the segment being appended to.</summary>
    public long Segment => _segment;

    /// <summary>Bytes appended since this writer opened, over all segments: a batch waits for an fsync past its position.</summary>
    public long Written => Volatile.Read(ref _written);

    /// <summary>True when the current segment has grown past <see cref="SegmentLimitBytes"/>.</summary>
    public bool WantsCompaction => _segmentBytes >= SegmentLimitBytes;

    /// <summary>Appends one record; with <see cref="JournalSync.Always"/> it is on disk when this returns.</summary>
    public void Append(in JournalRecord record)
    {
        Span<byte> bytes = stackalloc byte[JournalRecord.Size];
        record.Write(bytes);
        AppendBytes(bytes);
    }

    /// <summary>Appends many records in one write (a hand-off batch, a snapshot's chunk).</summary>
    public void Append(ReadOnlySpan<JournalRecord> records)
    {
        var bytes = new byte[records.Length * JournalRecord.Size];
        for (var i = 0; i < records.Length; i++)
        {
            records[i].Write(bytes.AsSpan(i * JournalRecord.Size, JournalRecord.Size));
        }

        AppendBytes(bytes);
    }

    /// <summary>
    /// Closes the current segment (on disk first unless the mode is <see cref="JournalSync.None"/>) and opens the next;
    /// returns the closed segment's number. Everything appended so far is in segments up to that number.
    /// </summary>
    public long Rotate()
    {
        lock (_fileGate)
        {
            if (Sync != JournalSync.None)
            {
                _file.Flush(flushToDisk: true);
            }

            _file.Dispose();
            var closed = _segment;
            _segment++;
            _segmentBytes = 0;
            _file = Open(_segment);
            return closed;
        }
    }

    /// <summary>Forces what was written to disk, whatever the mode (the end of a drain).</summary>
    public void FlushToDisk()
    {
        lock (_fileGate)
        {
            _file.Flush(flushToDisk: true);
        }
    }

    public void Dispose()
    {
        lock (_fileGate)
        {
            _file.Dispose();
        }
    }

    private void AppendBytes(ReadOnlySpan<byte> bytes)
    {
        lock (_fileGate)
        {
            _file.Write(bytes);
            if (Sync == JournalSync.Always)
            {
                _file.Flush(flushToDisk: true);
            }

            _segmentBytes += bytes.Length;
            Volatile.Write(ref _written, _written + bytes.Length);
        }
    }

    private FileStream Open(long number) =>
        new(_files.Log(number), FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
}
