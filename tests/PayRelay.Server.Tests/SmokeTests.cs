namespace PayRelay.Server.Tests;

public class SmokeTests
{
    [Fact]
    public void Placeholder_IsReplaced() => Assert.Equal(2, 1 + 1);
}
