using PayRelay.Deploy.Tests.Checks;

namespace PayRelay.Deploy.Tests;

public class ByteSizeTests
{
    [Theory]
    [InlineData("150MB", 150 * 1024 * 1024)]
    [InlineData("150M", 150 * 1024 * 1024)]
    [InlineData("150m", 150 * 1024 * 1024)]
    [InlineData("150mb", 150 * 1024 * 1024)]
    [InlineData("150MiB", 150 * 1024 * 1024)]
    [InlineData("0.15GB", 161061273)]
    [InlineData("1g", 1024 * 1024 * 1024)]
    [InlineData("40960k", 40 * 1024 * 1024)]
    [InlineData("512", 512)]
    [InlineData("512b", 512)]
    public void TryParse_DockerSize_BinaryBytes(string text, long expected)
    {
        Assert.True(ByteSize.TryParse(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("lots")]
    [InlineData("-150MB")]
    [InlineData("150 megabytes")]
    [InlineData("150MBB")]
    [InlineData(null)]
    public void TryParse_NotASize_False(string? text) => Assert.False(ByteSize.TryParse(text, out _));
}
