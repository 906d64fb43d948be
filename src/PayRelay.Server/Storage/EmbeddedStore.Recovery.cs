using System.Diagnostics;
using PayRelay.Server.Storage.Journaling;

namespace PayRelay.Server.Storage;

public sealed partial class EmbeddedStore
{
    /// <summary>
    /// Rebuilds the state from the newest snapshot and the log segments after it, before any traffic: the ledger,
    /// the correlationIds seen, and the open payments, which are queued again oldest first (pinned ones to their
    /// processor). A torn tail is cut off; corruption anywhere else throws <see cref="JournalCorruptException"/>
    /// and the instance does not start. New records then go to a fresh segment. A payment recovered pinned is asked for
    /// on its processor (<c>GET /payments/{id}</c>) before anything is re-sent: the attempt of the previous life may
    /// have been stored.
    /// </summary>
    private int Replay()
    {
        var options = _journalOptions!;
        System.IO.Directory.CreateDirectory(options.Directory);
        var files = new JournalFiles(options.Directory);
        files.DeletePartialSnapshots();
        var clock = Stopwatch.StartNew();
        long records = 0;
        var torn = string.Empty;
        Action<JournalRecord> apply = record =>
        {
            records++;
            Apply(record);
        };

        var snapshots = files.Snapshots();
        var from = snapshots.Count > 0 ? snapshots[^1] : 0;
        if (snapshots.Count > 0)
        {
            JournalReader.Read(files.Snapshot(from), mayBeTorn: false, apply);
        }

        var logs = files.Logs().FindAll(n => n > from);
        long replayedBytes = 0;
        for (var i = 0; i < logs.Count; i++)
        {
            var path = files.Log(logs[i]);
            var last = i == logs.Count - 1;
            var valid = JournalReader.Read(path, mayBeTorn: last, apply);
            replayedBytes += valid;
            var length = new FileInfo(path).Length;
            if (valid < length)
            {
                // The torn tail goes, so the file is whole for the next start (when it is no longer the newest).
                using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None);
                file.SetLength(valid);
                torn = $"; a torn last record ({length - valid} bytes) in {Path.GetFileName(path)} ignored";
            }
        }

        var next = Math.Max(from, logs.Count > 0 ? logs[^1] : 0) + 1;
        _files = files;
        _writer = new JournalWriter(files, options.Sync, options.SegmentLimitBytes, next);

        var open = new List<(Guid Id, OpenPayment Payment)>(_open.Count);
        foreach (var (id, payment) in _open)
        {
            open.Add((id, payment));
        }

        open.Sort(static (a, b) => a.Payment.AcceptedAtMs.CompareTo(b.Payment.AcceptedAtMs));
        var pinned = 0;
        foreach (var (id, payment) in open)
        {
            pinned += payment.PinnedTo is null ? 0 : 1;
            Queue(Restore(new HandedOffPayment(id, payment.Cents, payment.AcceptedAtMs, payment.PinnedTo, payment.RequestedAtMs)));
        }

        StoreLog.Recovered(_logger, options.Directory, options.Sync.ToString().ToLowerInvariant(), clock.ElapsedMilliseconds, records, _ledger.Count, open.Count, pinned, torn);
        if (replayedBytes >= options.SegmentLimitBytes)
        {
            lock (_gate)
            {
                StartCompaction();
            }
        }

        return open.Count;
    }

    /// <summary>One record's effect on the state. Settling records only act on a payment still open, so nothing counts twice.</summary>
    private void Apply(in JournalRecord record)
    {
        var id = record.Id;
        switch (record.Type)
        {
            case RecordType.Accepted:
            case RecordType.Adopted:
                if (_seen.TryAdd(id, record.Cents) == SeenResult.New || _reserved.Remove(id))
                {
                    _open[id] = new OpenPayment(record.Cents, record.AcceptedAtMs, record.Processor, record.RequestedAtMs);
                }

                break;
            case RecordType.Attempt:
                if (_open.TryGetValue(id, out var attempted))
                {
                    _open[id] = attempted with { PinnedTo = record.Processor, RequestedAtMs = record.RequestedAtMs };
                }

                break;
            case RecordType.NotStored:
                if (_open.TryGetValue(id, out var failed))
                {
                    _open[id] = failed with { PinnedTo = null, RequestedAtMs = 0 };
                }

                break;
            case RecordType.Confirmed:
                // The record's cents are what the ledger recorded: the accepted amount, or the processor's when a lookup said.
                if (_open.Remove(id) && record.Processor is { } processor)
                {
                    _ledger.Record(processor, record.RequestedAtMs, record.Cents, _ledger.Generation);
                }

                break;
            case RecordType.ChargedElsewhere:
            case RecordType.Refused:
            case RecordType.HandedOff:
                _open.Remove(id);
                break;
            case RecordType.Purge:
                _ledger.Purge();
                _seen.Clear();
                _open.Clear();
                _reserved.Clear();
                break;
            case RecordType.Seen:
                _seen.TryAdd(id, record.Cents);
                break;
            case RecordType.Reserved:
                if (_seen.TryAdd(id, record.Cents) == SeenResult.New)
                {
                    _reserved.Add(id);
                }

                break;
            case RecordType.ReservationReleased:
                if (_reserved.Remove(id))
                {
                    _seen.Remove(id);
                }

                break;
            case RecordType.Ledger:
                if (record.Processor is { } entryProcessor)
                {
                    _ledger.Record(entryProcessor, record.RequestedAtMs, record.Cents, _ledger.Generation);
                }

                break;
        }
    }
}
