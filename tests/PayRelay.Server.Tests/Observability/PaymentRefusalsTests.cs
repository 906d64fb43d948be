using System.Buffers;
using System.Text;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Http;
using PayRelay.Server.Ledger;
using PayRelay.Server.Observability;
using PayRelay.Server.Storage;

namespace PayRelay.Server.Tests.Observability;

/// <summary>POST /payments counts each refusal by its reason, and an accepted payment not at all.</summary>
public sealed class PaymentRefusalsTests
{
    private static readonly byte[] Json = "application/json"u8.ToArray();

    [Fact]
    public async Task Accept_EachRefusal_CountedUnderItsReasonOnly()
    {
        var counters = new DispatchCounters();
        var intake = new PaymentIntake(capacity: 1);
        var store = new EmbeddedStore(new PaymentLedger(), intake, TimeProvider.System);
        await store.RecoverAsync(CancellationToken.None);
        var refusals = new PaymentRefusals();
        var endpoint = new PaymentsEndpoint(store, intake, counters, refusals);
        var first = Payment();

        Assert.Equal(202, endpoint.Accept(Json, Body(first)).Status);
        Assert.Equal(202, endpoint.Accept(Json, Body(first)).Status);
        Assert.Equal(409, endpoint.Accept(Json, Body(first.Replace("19.90", "19.91", StringComparison.Ordinal))).Status);
        Assert.Equal(503, endpoint.Accept(Json, Body(Payment())).Status);
        Assert.Equal(415, endpoint.Accept("text/plain"u8, Body(Payment())).Status);
        Assert.Equal(413, endpoint.Accept(Json, Body(new string(' ', PaymentsEndpoint.MaxBodyBytes + 1))).Status);
        Assert.Equal(400, endpoint.Accept(Json, Body("{\"amount\":1}")).Status);
        Assert.Equal(400, endpoint.Accept(Json, Body("not json")).Status);
        store.Close();
        Assert.Equal(503, endpoint.Accept(Json, Body(Payment())).Status);

        Assert.Equal(1, counters.Accepted);
        Assert.Equal(1, counters.Duplicates);
        Assert.Equal(1, refusals[RefusalReason.Conflict]);
        Assert.Equal(2, refusals[RefusalReason.Invalid]);
        Assert.Equal(1, refusals[RefusalReason.TooLarge]);
        Assert.Equal(1, refusals[RefusalReason.NotJson]);
        Assert.Equal(1, refusals[RefusalReason.QueueFull]);
        Assert.Equal(1, refusals[RefusalReason.Draining]);
    }

    [Fact]
    public void LabelsOf_EachReason_ItsHttpStatus()
    {
        Assert.Equal(("invalid", "400"), PaymentRefusals.LabelsOf(RefusalReason.Invalid));
        Assert.Equal(("too-large", "413"), PaymentRefusals.LabelsOf(RefusalReason.TooLarge));
        Assert.Equal(("not-json", "415"), PaymentRefusals.LabelsOf(RefusalReason.NotJson));
        Assert.Equal(("queue-full", "503"), PaymentRefusals.LabelsOf(RefusalReason.QueueFull));
        Assert.Equal(("draining", "503"), PaymentRefusals.LabelsOf(RefusalReason.Draining));
        Assert.Equal(("conflict", "409"), PaymentRefusals.LabelsOf(RefusalReason.Conflict));
        Assert.Equal(("recovering", "503"), PaymentRefusals.LabelsOf(RefusalReason.Recovering));
        Assert.Equal(("unavailable", "503"), PaymentRefusals.LabelsOf(RefusalReason.Unavailable));
        Assert.Equal(("peer-check", "503"), PaymentRefusals.LabelsOf(RefusalReason.PeerCheck));
    }

    private static string Payment() => $"{{\"correlationId\":\"{Guid.NewGuid()}\",\"amount\":19.90}}";

    private static ReadOnlySequence<byte> Body(string text) => new(Encoding.UTF8.GetBytes(text));
}
