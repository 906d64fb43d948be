using PayRelay.Server.Dispatch;
using PayRelay.Server.Storage.Journaling;

namespace PayRelay.Server.Storage;

public sealed partial class EmbeddedStore
{
    private const int SnapshotChunk = 4096;
    private Task _compaction = Task.CompletedTask;

    /// <summary>Starts a compaction when the segment has grown past its limit and none runs. Called under the gate.</summary>
    private void CompactIfDue()
    {
        if (_writer!.WantsCompaction && _compaction.IsCompleted)
        {
            StartCompaction();
        }
    }

    /// <summary>
    /// Under the gate: closes the segment and copies the state it ends with (ids seen, ledger, open payments), a
    /// few milliseconds at a few hundred thousand payments. The snapshot is written off the gate, fsynced, and only
    /// then named as a snapshot, after which the segments it replaces are deleted.
    /// </summary>
    private void StartCompaction()
    {
        var upTo = _writer!.Rotate();
        var purges = _purges;
        var seen = new List<(Guid Id, long Cents)>(_seen.Count);
        _seen.ForEach(seen, static (list, id, cents) => list.Add((id, cents)));
        var open = new Dictionary<Guid, OpenPayment>(_open);
        var reserved = new HashSet<Guid>(_reserved);
        var ledger = new[] { _ledger.Copy(ProcessorKind.Default), _ledger.Copy(ProcessorKind.Fallback) };
        _compaction = Task.Run(() => WriteSnapshot(upTo, purges, seen, open, reserved, ledger));
    }

    private void WriteSnapshot(
        long upTo, int purges, List<(Guid Id, long Cents)> seen, Dictionary<Guid, OpenPayment> open, HashSet<Guid> reserved, (long[] RequestedAtMs, long[] Cents)[] ledger)
    {
        var files = _files!;
        var partial = files.PartialSnapshot(upTo);
        try
        {
            long bytes;
            using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                var chunk = new JournalRecord[SnapshotChunk];
                var count = 0;
                var buffer = new byte[SnapshotChunk * JournalRecord.Size];
                void Add(in JournalRecord record)
                {
                    chunk[count++] = record;
                    if (count == SnapshotChunk)
                    {
                        Flush();
                    }
                }

                void Flush()
                {
                    for (var i = 0; i < count; i++)
                    {
                        chunk[i].Write(buffer.AsSpan(i * JournalRecord.Size, JournalRecord.Size));
                    }

                    file.Write(buffer, 0, count * JournalRecord.Size);
                    count = 0;
                }

                foreach (var (id, cents) in seen)
                {
                    if (open.TryGetValue(id, out var payment))
                    {
                        Add(new JournalRecord(RecordType.Accepted, id, payment.Cents, payment.AcceptedAtMs, payment.PinnedTo, payment.RequestedAtMs));
                    }
                    else
                    {
                        Add(new JournalRecord(reserved.Contains(id) ? RecordType.Reserved : RecordType.Seen, id, cents));
                    }
                }

                for (var p = 0; p < ledger.Length; p++)
                {
                    var (stamps, amounts) = ledger[p];
                    for (var i = 0; i < stamps.Length; i++)
                    {
                        Add(new JournalRecord(RecordType.Ledger, Guid.Empty, amounts[i], Processor: (ProcessorKind)p, RequestedAtMs: stamps[i]));
                    }
                }

                Flush();
                file.Flush(flushToDisk: true);
                bytes = file.Length;
            }

            lock (_gate)
            {
                if (purges != _purges)
                {
                    // A purge came meanwhile: this snapshot describes payments that no longer exist.
                    File.Delete(partial);
                    return;
                }

                File.Move(partial, files.Snapshot(upTo));
                files.DeleteUpTo(upTo, keepSnapshot: true);
            }

            StoreLog.Compacted(_logger, Path.GetFileName(files.Snapshot(upTo)), bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            StoreLog.CompactionFailed(_logger, e);
        }
    }
}
