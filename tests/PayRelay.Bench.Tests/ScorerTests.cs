using System.Globalization;
using PayRelay.Bench.Scoring;

namespace PayRelay.Bench.Tests;

public class ScorerTests
{
    private static ScoreInput Input(long defaultCount, decimal defaultAmount, long fallbackCount, decimal fallbackAmount, decimal defaultFee, decimal fallbackFee, double p99, long succeeded, long inconsistencies = 0) => new()
    {
        SucceededPayments = succeeded,
        FailedPayments = 0,
        Default = new ProcessorTotals(defaultCount, defaultAmount),
        Fallback = new ProcessorTotals(fallbackCount, fallbackAmount),
        DefaultFeeRate = defaultFee,
        FallbackFeeRate = fallbackFee,
        P99Milliseconds = p99,
        Inconsistencies = inconsistencies,
        MaxUsers = 550,
    };

    [Fact]
    public void Compute_PreviewBestResult_Reproduces380035_872()
    {
        // The reference: 16,752 payments of 19.90, all through default (5 %), p99 1.25 ms.
        var score = Scorer.Compute(Input(16752, 16752 * 19.90m, 0, 0, 0.05m, 0.15m, 1.25, 16752));

        Assert.Equal(380035.872m, score.NetTotal);
        Assert.Equal(333364.8m, score.GrossTotal);
        Assert.Equal(16668.24m, score.FeeTotal);
        Assert.Equal(1.25m, score.P99);
        Assert.Equal(0.2m, score.Bonus);
        Assert.Equal(0, score.Lag);
        Assert.False(score.Disqualified);
    }

    [Fact]
    public void Compute_FinalRerunBestResult_Reproduces1949876()
    {
        // Spec §3: 52,945 default and 37,646 fallback payments of 20.05, fees 7 % / 10 %, p99 2.55 ms:
        // gross 1,816,349.55, fees 149,788.5375, bonus round2(8.45 × 0.02) = 0.17.
        var score = Scorer.Compute(Input(52945, 52945 * 20.05m, 37646, 37646 * 20.05m, 0.07m, 0.10m, 2.55, 52945 + 37646));

        Assert.Equal(1949876.384625m, score.NetTotal);
        Assert.Equal(149788.5375m, score.FeeTotal);
        Assert.Equal(0.17m, score.Bonus);
    }

    [Theory]
    [InlineData("272749.4", 13706, "60436.3", 3037, "0.05", "0.15", 3.66, 16743, "357055.20275", "22702.915")]
    [InlineData("262755.25", 13105, "1553814.85", 77497, "0.07", "0.10", 2.53, 90602, "1922071.024575", "173774.3525")]
    public void Compute_PublishedOfficialResults_MatchToTheLastDigit(string defaultAmount, long defaultCount, string fallbackAmount, long fallbackCount, string defaultFee, string fallbackFee, double p99, long succeeded, string expectedNet, string expectedFees)
    {
        // A participant's published partial and final results files (public numbers).
        var score = Scorer.Compute(Input(defaultCount, D(defaultAmount), fallbackCount, D(fallbackAmount), D(defaultFee), D(fallbackFee), p99, succeeded));

        Assert.Equal(D(expectedNet), score.NetTotal);
        Assert.Equal(D(expectedFees), score.FeeTotal);
        Assert.Equal(0, score.Lag);
    }

    [Fact]
    public void Compute_AnyInconsistency_Fines35PercentOfTheNet()
    {
        var clean = Scorer.Compute(Input(1000, 19900m, 0, 0, 0.05m, 0.15m, 1.25, 1000));
        var fined = Scorer.Compute(Input(1000, 19900m, 0, 0, 0.05m, 0.15m, 1.25, 1000, inconsistencies: 1));

        // net 18,905 × (1 + 0.20 − 0.35)
        Assert.Equal(22686m, clean.NetTotal);
        Assert.Equal(0.35m, fined.FineRate);
        Assert.Equal(6616.75m, fined.FineTotal);
        Assert.Equal(16069.25m, fined.NetTotal);
    }

    [Fact]
    public void Compute_MorePaymentsCountedThanAccepted_GivesNegativeLagAndDisqualifies()
    {
        var score = Scorer.Compute(Input(1005, 1005 * 19.9m, 0, 0, 0.05m, 0.15m, 2, 1000));

        Assert.Equal(-5, score.Lag);
        Assert.True(score.Disqualified);
    }

    [Fact]
    public void Compute_PaymentsStillQueued_GivesPositiveLag()
    {
        var score = Scorer.Compute(Input(900, 900 * 19.9m, 50, 50 * 19.9m, 0.05m, 0.15m, 2, 1000));

        Assert.Equal(50, score.Lag);
        Assert.False(score.Disqualified);
    }

    [Theory]
    [InlineData(11.0, "0")]
    [InlineData(25.3, "0")]
    [InlineData(1.244, "0.2")]
    [InlineData(10.75, "0.01")]
    [InlineData(3.005, "0.16")]
    public void Compute_P99_RoundsHalfUpThenGivesTheBonus(double p99, string bonus)
    {
        var score = Scorer.Compute(Input(10, 199m, 0, 0, 0.05m, 0.15m, p99, 10));

        Assert.Equal(D(bonus), score.Bonus);
    }

    [Fact]
    public void Bonus_EveryTwoDecimalP99_MatchesTheOfficialDoubleArithmetic()
    {
        // The official script computes (11 − p99) × 0.02 in doubles, then rounds half-up via big.js.
        for (var hundredths = 0; hundredths <= 1500; hundredths++)
        {
            var p99 = hundredths / 100m;
            var js = Math.Max(JsNumbers.RoundHalfUp((11 - (double)p99) * 0.02, 2), 0m);
            Assert.Equal(js, Scorer.Bonus(p99));
        }
    }

    [Fact]
    public void RoundHalfUp_ReadsTheShortestDecimalLikeBigJs()
    {
        // 1.005 is stored as 1.00499999999999989…; big.js reads "1.005" and rounds up.
        Assert.Equal(1.01m, JsNumbers.RoundHalfUp(1.005, 2));
        Assert.Equal(2.55m, JsNumbers.RoundHalfUp(2.5499999999999998, 2));
        Assert.Equal(1.25m, JsNumbers.RoundHalfUp(1.2459, 2));
    }

    private static decimal D(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);
}
