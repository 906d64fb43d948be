namespace PayRelay.ProcessorEmulator.Tests;

public sealed class EmulatorOptionsTests
{
    [Fact]
    public void FromEnvironment_NothingSet_UsesTheOfficialDefaults()
    {
        var options = EmulatorOptions.FromEnvironment(_ => null);

        Assert.Equal(0.05m, options.TransactionFee);
        Assert.Equal(TimeSpan.FromSeconds(5), options.RateLimitWindow);
        Assert.Equal("123", options.InitialToken);
    }

    [Fact]
    public void FromEnvironment_AllSet_ReadsEachVariable()
    {
        var variables = new Dictionary<string, string>
        {
            ["TRANSACTION_FEE"] = "0.15",
            ["RATE_LIMIT_SECONDS"] = "7",
            ["INITIAL_TOKEN"] = "s3cret",
        };

        var options = EmulatorOptions.FromEnvironment(name => variables.GetValueOrDefault(name));

        Assert.Equal(0.15m, options.TransactionFee);
        Assert.Equal(TimeSpan.FromSeconds(7), options.RateLimitWindow);
        Assert.Equal("s3cret", options.InitialToken);
    }

    [Theory]
    [InlineData("TRANSACTION_FEE", "five percent")]
    [InlineData("TRANSACTION_FEE", "-0.05")]
    [InlineData("RATE_LIMIT_SECONDS", "0")]
    [InlineData("RATE_LIMIT_SECONDS", "2.5")]
    [InlineData("RATE_LIMIT_SECONDS", "soon")]
    public void FromEnvironment_BadValue_ThrowsNamingTheVariableAndTheValue(string name, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => EmulatorOptions.FromEnvironment(variable => variable == name ? value : null));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_ThrowsBeforeListening()
    {
        await Assert.ThrowsAsync<ArgumentException>(
            () => EmulatorHost.StartAsync(new EmulatorOptions { RateLimitWindow = TimeSpan.Zero }));
    }
}
