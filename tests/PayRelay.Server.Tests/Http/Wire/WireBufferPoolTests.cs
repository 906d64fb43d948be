using PayRelay.Server.Http.Wire;

namespace PayRelay.Server.Tests.Http.Wire;

public sealed class WireBufferPoolTests
{
    [Theory]
    [InlineData(1, WireBufferPool.SmallSize)]
    [InlineData(WireBufferPool.SmallSize, WireBufferPool.SmallSize)]
    [InlineData(WireBufferPool.SmallSize + 1, WireBufferPool.LargeSize)]
    [InlineData(WireBufferPool.LargeSize, WireBufferPool.LargeSize)]
    [InlineData(WireBufferPool.LargeSize + 1, WireBufferPool.LargeSize + 1)]
    public void Rent_AnySize_OneOfTheTwoSizesOrExactlyWhatIsAskedBeyondThem(int minimum, int length)
    {
        var pool = new WireBufferPool();

        Assert.Equal(length, pool.Rent(minimum).Length);
        Assert.Equal(1, pool.Outstanding);
    }

    [Fact]
    public void Return_MoreThanItKeeps_KeepsItsBoundAndReusesWhatItKept()
    {
        var pool = new WireBufferPool(keepSmall: 2, keepLarge: 1);
        var small = Enumerable.Range(0, 5).Select(_ => pool.Rent(100)).ToList();
        var large = Enumerable.Range(0, 3).Select(_ => pool.Rent(WireBufferPool.LargeSize)).ToList();
        var unpooled = pool.Rent(WireBufferPool.LargeSize * 2);

        small.ForEach(pool.Return);
        large.ForEach(pool.Return);
        pool.Return(unpooled);

        Assert.Equal(0, pool.Outstanding);
        Assert.Equal((2 * WireBufferPool.SmallSize) + WireBufferPool.LargeSize, pool.RetainedBytes);
        Assert.Equal(pool.MaxRetainedBytes, pool.RetainedBytes);
        Assert.Contains(pool.Rent(1), small);
        Assert.Contains(pool.Rent(WireBufferPool.LargeSize), large);
        Assert.Equal(WireBufferPool.SmallSize, pool.RetainedBytes);
    }

    [Fact]
    public void LargeSize_HoldsTheLargestRequestTheHandlerReads() =>
        Assert.True(WireBufferPool.LargeSize >= RequestHead.MaxLength + Http1ConnectionHandler.MaxBodyBytes + Http1ConnectionHandler.ChunkFramingAllowance);
}
