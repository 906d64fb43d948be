using PayRelay.ProcessorEmulator.Cost;

namespace PayRelay.ProcessorEmulator.Tests;

/// <summary>How the cost model is written: <c>PROCESSOR_COST</c>, <c>up --processor-cost</c>.</summary>
public sealed class ProcessorCostTests
{
    private static readonly TimeSpan Request = TimeSpan.FromMicroseconds(660);
    private static readonly TimeSpan Store = TimeSpan.FromMicroseconds(370);

    [Fact]
    public void Parse_Forms_ReadAsDocumented()
    {
        Assert.Equal(ProcessorCost.None, ProcessorCost.Parse("off"));
        Assert.Equal(ProcessorCost.None, ProcessorCost.Parse("0"));
        Assert.Equal(new ProcessorCost(Request, Store, 16), ProcessorCost.Parse("660,370"));
        Assert.Equal(new ProcessorCost(Request, Store, 20), ProcessorCost.Parse(" 660 , 370 , 20 "));
        Assert.Equal("390,370,16", ProcessorCost.Measured.ToString());
        Assert.Equal("off", ProcessorCost.None.ToString());
    }

    [Theory]
    [InlineData("660")]
    [InlineData("660,370,16,1")]
    [InlineData("-1,370")]
    [InlineData("660,370,0")]
    [InlineData("fast,slow")]
    public void Parse_Malformed_Throws(string text)
    {
        Assert.Throws<FormatException>(() => ProcessorCost.Parse(text));
    }

    [Fact]
    public void FromEnvironment_ProcessorCost_SetsTheCostModel()
    {
        var options = EmulatorOptions.FromEnvironment(name => name == "PROCESSOR_COST" ? "660,370,12" : null);

        Assert.Equal(new ProcessorCost(Request, Store, 12), options.Cost);
        Assert.Equal(ProcessorCost.None, EmulatorOptions.FromEnvironment(_ => null).Cost);
    }

    [Fact]
    public void FromEnvironment_BadProcessorCost_ThrowsNamingTheVariable()
    {
        var error = Assert.Throws<InvalidOperationException>(() => EmulatorOptions.FromEnvironment(name => name == "PROCESSOR_COST" ? "lots" : null));

        Assert.Contains("PROCESSOR_COST", error.Message, StringComparison.Ordinal);
        Assert.Contains("lots", error.Message, StringComparison.Ordinal);
    }
}
