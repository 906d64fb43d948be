using PayRelay.Server.Http;

namespace PayRelay.Server.Tests.Http;

public class SummaryRangeTests
{
    private static long Ms(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    [Fact]
    public void TryParse_NoBounds_CoversEverything()
    {
        Assert.True(SummaryRange.TryParse(null, null, out var range, out _));
        Assert.Equal(SummaryRange.All, range);
    }

    [Fact]
    public void TryParse_UtcMilliseconds_AreKeptExactly()
    {
        Assert.True(SummaryRange.TryParse("2025-07-15T12:34:56.789Z", "2025-07-15T12:35:00.000Z", out var range, out _));
        Assert.Equal(Ms("2025-07-15T12:34:56.789Z"), range.FromMs);
        Assert.Equal(Ms("2025-07-15T12:35:00.000Z"), range.ToMs);
    }

    [Fact]
    public void TryParse_SubMillisecondDigits_RoundInward()
    {
        Assert.True(SummaryRange.TryParse("2025-07-15T12:00:00.0001Z", "2025-07-15T12:00:01.9999Z", out var range, out _));
        Assert.Equal(Ms("2025-07-15T12:00:00.001Z"), range.FromMs);
        Assert.Equal(Ms("2025-07-15T12:00:01.999Z"), range.ToMs);
    }

    [Fact]
    public void TryParse_NoZone_IsUtc()
    {
        Assert.True(SummaryRange.TryParse("2025-07-15T12:00:00", null, out var range, out _));
        Assert.Equal(Ms("2025-07-15T12:00:00Z"), range.FromMs);
    }

    [Theory]
    [InlineData("yesterday", null)]
    [InlineData(null, "2025-13-40T00:00:00Z")]
    [InlineData("", null)]
    public void TryParse_Garbage_IsRefusedWithAMessage(string? from, string? to)
    {
        Assert.False(SummaryRange.TryParse(from, to, out _, out var error));
        Assert.Contains(from is null ? "'to'" : "'from'", error);
    }

    [Fact]
    public void TryParse_LongGarbage_QuotedShortWithItsLength()
    {
        var sent = new string('9', 5000);

        Assert.False(SummaryRange.TryParse(sent, null, out _, out var error));

        Assert.True(error!.Length < 100, error);
        Assert.Contains("99999999", error, StringComparison.Ordinal);
        Assert.Contains("(5000 characters)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ShortGarbage_QuotedWhole() =>
        Assert.False(SummaryRange.TryParse(null, "next tuesday", out _, out var error) || error != "'to' is not an ISO-8601 timestamp: 'next tuesday'");
}
