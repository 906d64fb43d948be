using PayRelay.Server.Dispatch;
using PayRelay.Server.Ledger;

namespace PayRelay.Server.Tests.Ledger;

public class PaymentLedgerTests
{
    [Fact]
    public void Summarize_BoundsAreInclusiveToTheMillisecond()
    {
        var ledger = new PaymentLedger();
        ledger.Record(ProcessorKind.Default, 999, 1990, ledger.Generation);
        ledger.Record(ProcessorKind.Default, 1000, 1990, ledger.Generation);
        ledger.Record(ProcessorKind.Default, 2000, 1990, ledger.Generation);
        ledger.Record(ProcessorKind.Default, 2001, 1990, ledger.Generation);

        var summary = ledger.Summarize(1000, 2000);

        Assert.Equal(new ProcessorTotals(2, 3980), summary.Default);
        Assert.Equal(new ProcessorTotals(0, 0), summary.Fallback);
    }

    [Fact]
    public void Summarize_KeepsProcessorsApartAndSumsExactly()
    {
        var ledger = new PaymentLedger();
        for (var i = 0; i < 100_000; i++)
        {
            ledger.Record(i % 3 == 0 ? ProcessorKind.Fallback : ProcessorKind.Default, i, 1990, ledger.Generation);
        }

        var summary = ledger.Summarize(long.MinValue, long.MaxValue);

        Assert.Equal(66_666, summary.Default.TotalRequests);
        Assert.Equal(66_666L * 1990, summary.Default.TotalCents);
        Assert.Equal(33_334, summary.Fallback.TotalRequests);
        Assert.Equal(33_334L * 1990, summary.Fallback.TotalCents);
        Assert.Equal(1326653.40m, Money.FromCents(summary.Default.TotalCents));
    }

    [Fact]
    public void Record_AfterPurge_DropsConfirmationsOfTheOldGeneration()
    {
        var ledger = new PaymentLedger();
        var before = ledger.Generation;
        ledger.Record(ProcessorKind.Default, 1, 100, before);

        ledger.Purge();

        Assert.False(ledger.Record(ProcessorKind.Default, 2, 100, before));
        Assert.True(ledger.Record(ProcessorKind.Default, 3, 100, ledger.Generation));
        Assert.Equal(1, ledger.Summarize(long.MinValue, long.MaxValue).Default.TotalRequests);
    }

    [Fact]
    public void FromCents_AlwaysHasTwoDecimals()
    {
        Assert.Equal("398.00", Money.FromCents(39800).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0.00", Money.FromCents(0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(19.90m, Money.FromCents(1990));
    }

    [Theory]
    [InlineData("19.90", 1990)]
    [InlineData("0.125", 12)]
    [InlineData("0.135", 14)]
    [InlineData("20.05", 2005)]
    public void ToCents_RoundsLikeTheProcessor(string amount, long cents)
    {
        Assert.Equal(cents, Money.ToCents(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
