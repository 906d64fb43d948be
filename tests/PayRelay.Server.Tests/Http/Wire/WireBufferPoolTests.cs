using PayRelay.Server.Http.Wire;

namespace PayRelay.Server.Tests.Http.Wire;

public sealed class WireBufferPoolTests
{
    [Theory]
    [InlineData(1, WireBufferPool.SmallSize)]
    [InlineData(WireBufferPool.SmallSize, WireBufferPool.SmallSize)]
    [InlineData(WireBufferPool.SmallSize + 1, WireBufferPool.MediumSize)]
    [InlineData(WireBufferPool.MediumSize, WireBufferPool.MediumSize)]
    [InlineData(WireBufferPool.MediumSize + 1, WireBufferPool.LargeSize)]
    [InlineData(WireBufferPool.LargeSize, WireBufferPool.LargeSize)]
    [InlineData(WireBufferPool.LargeSize + 1, WireBufferPool.LargeSize + 1)]
    public void Rent_AnySize_OneOfTheThreeSizesOrExactlyWhatIsAskedBeyondThem(int minimum, int length)
    {
        var pool = new WireBufferPool(maxRetainedBytes: 0);

        Assert.Equal(length, pool.Rent(minimum).Length);
        Assert.Equal(1, pool.Outstanding);
    }

    [Fact]
    public void Return_MoreThanItsBudget_KeepsWithinTheBudgetAndReusesWhatItKept()
    {
        var pool = new WireBufferPool(maxRetainedBytes: (2 * WireBufferPool.SmallSize) + WireBufferPool.LargeSize);
        var small = Enumerable.Range(0, 5).Select(_ => pool.Rent(100)).ToList();
        var large = Enumerable.Range(0, 3).Select(_ => pool.Rent(WireBufferPool.LargeSize)).ToList();
        var unpooled = pool.Rent(WireBufferPool.LargeSize * 2);

        large.ForEach(pool.Return);
        small.ForEach(pool.Return);
        pool.Return(unpooled);

        Assert.Equal(0, pool.Outstanding);
        Assert.Equal(pool.MaxRetainedBytes, pool.RetainedBytes);
        Assert.Contains(pool.Rent(WireBufferPool.LargeSize), large);
        Assert.Contains(pool.Rent(1), small);
        Assert.Equal(WireBufferPool.SmallSize, pool.RetainedBytes);
    }

    [Fact]
    public void Rent_AfterABurst_TheSameArraysAgainNotNewOnes()
    {
        var pool = new WireBufferPool(maxRetainedBytes: 100L * WireBufferPool.LargeSize);
        var burst = Enumerable.Range(0, 100).Select(_ => pool.Rent(WireBufferPool.MediumSize)).ToList();
        burst.ForEach(pool.Return);

        var again = Enumerable.Range(0, 100).Select(_ => pool.Rent(WireBufferPool.MediumSize)).ToList();

        Assert.Equal(burst.ToHashSet(), again.ToHashSet());
    }

    [Fact]
    public void Sizes_HoldAHeadAndTheLargestRequestTheHandlerReads()
    {
        Assert.True(WireBufferPool.MediumSize >= RequestHead.MaxLength);
        Assert.True(WireBufferPool.LargeSize >= RequestHead.MaxLength + Http1ConnectionHandler.MaxBodyBytes + Http1ConnectionHandler.ChunkFramingAllowance);
    }
}
