using PayRelay.Server.Dispatch;
using PayRelay.Server.Ledger;
using PayRelay.Server.Storage;
using PayRelay.Server.Storage.Journaling;

namespace PayRelay.Server.Tests.Storage;

/// <summary>
/// A journaled store in a temporary directory. <see cref="StartAsync"/> opens a store on it as a new process would:
/// the previous store is abandoned, not closed, which is what a kill -9 leaves behind (its writes were made
/// with write(), so they are in the files).
/// </summary>
public sealed class JournalHarness : IDisposable
{
    private readonly List<EmbeddedStore> _stores = [];

    private readonly TimeProvider _time;

    public JournalHarness(JournalSync sync = JournalSync.None, long segmentLimitBytes = JournalOptions.DefaultSegmentLimitBytes, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        Directory = Path.Combine(Path.GetTempPath(), "payrelay-journal-" + Guid.NewGuid().ToString("N"));
        Options = new JournalOptions(Directory, sync, segmentLimitBytes);
    }

    public string Directory { get; }

    public JournalOptions Options { get; }

    public EmbeddedStore Store { get; private set; } = null!;

    public PaymentLedger Ledger { get; private set; } = null!;

    public PaymentIntake Intake { get; private set; } = null!;

    /// <summary>Payments the store handed to the dispatcher pinned to a processor.</summary>
    public List<PendingPayment> Resumed { get; } = [];

    public int Recovered { get; private set; }

    public async Task<EmbeddedStore> StartAsync()
    {
        Resumed.Clear();
        Ledger = new PaymentLedger();
        Intake = new PaymentIntake(1_000_000);
        Intake.SetListener(static () => { }, Resumed.Add);
        Store = new EmbeddedStore(Ledger, Intake, _time, Options);
        _stores.Add(Store);
        Recovered = await Store.RecoverAsync(CancellationToken.None);
        return Store;
    }

    /// <summary>Takes what the store queued for dispatch, as the dispatcher would.</summary>
    public List<PendingPayment> Queued() => Intake.TakeRemaining();

    public string[] Files(string pattern = "*") => System.IO.Directory.GetFiles(Directory, pattern).Select(Path.GetFileName).Order().ToArray()!;

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
