using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Http;
using PayRelay.Server.Ledger;

namespace PayRelay.Server.Benchmarks;

/// <summary>
/// The per-payment work on this instance's CPU: parsing the client's body, writing the processor's body, and the
/// auditor's summary over a ledger of 100,000 payments.
/// Run: <c>dotnet run -c Release --project benchmarks/PayRelay.Server.Benchmarks -- --filter '*'</c>.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private static readonly ReadOnlySequence<byte> Body =
        new(Encoding.UTF8.GetBytes("""{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":19.90}"""));

    private readonly Guid _id = Guid.NewGuid();
    private PaymentLedger _ledger = null!;
    private long _windowFrom;
    private long _windowTo;

    [GlobalSetup]
    public void Setup()
    {
        _ledger = new PaymentLedger();
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = 0; i < 100_000; i++)
        {
            _ledger.Record(i % 4 == 0 ? ProcessorKind.Fallback : ProcessorKind.Default, start + (i * 3), 1990, _ledger.Generation);
        }

        // The auditor's window: 13.5 s of a 300 s run.
        _windowFrom = start + 150_000;
        _windowTo = _windowFrom + 13_500;
    }

    [Benchmark]
    public PaymentRequest ParsePaymentRequest() => PaymentRequest.Parse(Body);

    [Benchmark]
    public byte[] WriteProcessorBody() => ProcessorClient.PaymentBody(_id, 1990, 1_752_581_696_789);

    [Benchmark]
    public LedgerSummary SummaryOver100kPayments() => _ledger.Summarize(_windowFrom, _windowTo);
}
