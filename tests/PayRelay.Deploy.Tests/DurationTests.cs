using PayRelay.Deploy.Tests.Checks;

namespace PayRelay.Deploy.Tests;

public class DurationTests
{
    [Theory]
    [InlineData("15s", 15_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1500ms", 1_500)]
    [InlineData("1h", 3_600_000)]
    [InlineData("2.5s", 2_500)]
    public void TryParse_ComposeDuration_Milliseconds(string text, int milliseconds)
    {
        Assert.True(Duration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("15")]
    [InlineData("fifteen seconds")]
    [InlineData("")]
    public void TryParse_NotADuration_False(string text) => Assert.False(Duration.TryParse(text, out _));
}
