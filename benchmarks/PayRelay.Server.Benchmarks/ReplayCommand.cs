using System.Diagnostics;
using System.Globalization;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Ledger;
using PayRelay.Server.Storage;
using PayRelay.Server.Storage.Journaling;

namespace PayRelay.Server.Benchmarks;

/// <summary>
/// <c>replay [PAYMENTS] [OPEN]</c>: writes a journal of PAYMENTS payments (each accepted, attempted and confirmed: three
/// records; OPEN of them left accepted only) in one log segment, the worst case a start meets, then times a store's
/// recovery from it, three times. Run: <c>dotnet run -c Release --project benchmarks/PayRelay.Server.Benchmarks -- replay 1000000</c>.
/// </summary>
public static class ReplayCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var payments = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var open = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000;
        var directory = Directory.CreateTempSubdirectory("payrelay-replay-").FullName;
        try
        {
            var bytes = Write(directory, payments, open);
            Console.WriteLine($"journal: {payments:N0} payments ({open:N0} open), {bytes / (1024.0 * 1024):F0} MB in one segment");
            for (var run = 1; run <= 3; run++)
            {
                var intake = new PaymentIntake(payments);
                var store = new EmbeddedStore(new PaymentLedger(), intake, TimeProvider.System, new JournalOptions(directory, SegmentLimitBytes: long.MaxValue));
                var clock = Stopwatch.StartNew();
                var queued = await store.RecoverAsync(CancellationToken.None);
                clock.Stop();
                Console.WriteLine($"replay {run}: {clock.ElapsedMilliseconds} ms, ledger {store.Count:N0}, queued again {queued:N0}, GC heap {GC.GetTotalMemory(false) / (1024 * 1024)} MB");
                await store.DisposeAsync();
                // Each start opens a fresh segment; drop it so every run replays the same journal.
                foreach (var file in new JournalFiles(directory).Logs().Skip(1))
                {
                    File.Delete(new JournalFiles(directory).Log(file));
                }
            }

            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static long Write(string directory, int payments, int open)
    {
        var files = new JournalFiles(directory);
        using var writer = new JournalWriter(files, JournalSync.None, long.MaxValue, 1);
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - payments;
        var chunk = new List<JournalRecord>(3 * 4096);
        for (var i = 0; i < payments; i++)
        {
            var id = Guid.NewGuid();
            var processor = i % 4 == 0 ? ProcessorKind.Fallback : ProcessorKind.Default;
            chunk.Add(new JournalRecord(RecordType.Accepted, id, 1990, start + i));
            if (i >= open)
            {
                chunk.Add(new JournalRecord(RecordType.Attempt, id, Processor: processor, RequestedAtMs: start + i));
                chunk.Add(new JournalRecord(RecordType.Confirmed, id, 1990, Processor: processor, RequestedAtMs: start + i));
            }

            if (chunk.Count >= 3 * 4096)
            {
                writer.Append(chunk.ToArray());
                chunk.Clear();
            }
        }

        writer.Append(chunk.ToArray());
        return writer.Written;
    }
}
