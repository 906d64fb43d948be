using BenchmarkDotNet.Attributes;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Ledger;
using PayRelay.Server.Storage;
using PayRelay.Server.Storage.Journaling;

namespace PayRelay.Server.Benchmarks;

/// <summary>Where the store keeps payments: memory only, or a journal with each <c>JOURNAL_SYNC</c>.</summary>
public enum StoreMode
{
    Memory,
    JournalNone,
    JournalBatch,
}

/// <summary>
/// What the store costs one payment from end to end: accepted, an attempt about to be sent, confirmed (three journal
/// records). <c>JournalNone</c> against <c>Memory</c> is issue 16's budget (at most 10 % more CPU per payment at the
/// instance level, where parsing, HTTP and dispatch cost far more than this); <c>JournalBatch</c> waits for an fsync
/// per payment here, as a lone request would: under load, concurrent requests share one.
/// Run: <c>dotnet run -c Release --project benchmarks/PayRelay.Server.Benchmarks -- --filter '*JournalBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class JournalBenchmarks
{
    private const int PerPurge = 100_000;
    private readonly Guid[] _ids = [.. Enumerable.Range(0, PerPurge).Select(_ => Guid.NewGuid())];
    private string? _directory;
    private EmbeddedStore _store = null!;
    private PaymentIntake _intake = null!;
    private int _next;

    [Params(StoreMode.Memory, StoreMode.JournalNone, StoreMode.JournalBatch)]
    public StoreMode Mode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        JournalOptions? journal = null;
        if (Mode != StoreMode.Memory)
        {
            _directory = Directory.CreateTempSubdirectory("payrelay-bench-journal-").FullName;
            journal = new JournalOptions(_directory, Mode == StoreMode.JournalBatch ? JournalSync.Batch : JournalSync.None);
        }

        _intake = new PaymentIntake(PerPurge * 2);
        _store = new EmbeddedStore(new PaymentLedger(), _intake, TimeProvider.System, journal);
        _store.RecoverAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Benchmark]
    public async Task<bool> AcceptAttemptConfirm()
    {
        if (_next == PerPurge)
        {
            _next = 0;
            await _store.PurgeAsync(CancellationToken.None);
        }

        await _store.AcceptAsync(_ids[_next++], 1990, CancellationToken.None);
        _intake.Reader.TryRead(out var payment);
        await _store.RecordAttemptAsync(payment!, ProcessorKind.Default, 1_752_581_696_789, CancellationToken.None);
        return await _store.RecordOutcomeAsync(payment!, PaymentOutcome.Confirmed(ProcessorKind.Default, 1_752_581_696_789), CancellationToken.None);
    }
}
