using PayRelay.Bench.Scoring;

namespace PayRelay.Bench.Tests;

public class PercentileTests
{
    [Fact]
    public void OfSorted_OneToHundred_InterpolatesLinearlyLikeK6()
    {
        var samples = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();

        // position 0.99 × 99 = 98.01: between the 99th and 100th sample.
        Assert.Equal(99.01, Percentile.OfSorted(samples, 0.99), 9);
        Assert.Equal(50.5, Percentile.OfSorted(samples, 0.5), 9);
        Assert.Equal(100, Percentile.OfSorted(samples, 1));
    }

    [Fact]
    public void OfSorted_EmptyOrSingle_IsZeroOrThatSample()
    {
        Assert.Equal(0, Percentile.OfSorted([], 0.99));
        Assert.Equal(7.5, Percentile.OfSorted([7.5], 0.99));
    }

    [Fact]
    public void Of_UnsortedInput_SortsFirst()
    {
        Assert.Equal(3, Percentile.Of([5, 1, 3], 0.5));
    }
}
