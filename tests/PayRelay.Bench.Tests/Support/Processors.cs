using PayRelay.ProcessorEmulator;

namespace PayRelay.Bench.Tests.Support;

/// <summary>Two in-process emulated processors (default fee 0.05, fallback 0.15) on ephemeral ports.</summary>
public sealed class Processors : IAsyncDisposable
{
    private Processors(EmulatorHost defaultHost, EmulatorHost fallbackHost)
    {
        Default = defaultHost;
        Fallback = fallbackHost;
    }

    public EmulatorHost Default { get; }

    public EmulatorHost Fallback { get; }

    public static async Task<Processors> StartAsync(decimal defaultFee = 0.05m, decimal fallbackFee = 0.15m)
    {
        var d = await EmulatorHost.StartAsync(new EmulatorOptions { TransactionFee = defaultFee });
        var f = await EmulatorHost.StartAsync(new EmulatorOptions { TransactionFee = fallbackFee });
        return new Processors(d, f);
    }

    public async ValueTask DisposeAsync()
    {
        await Default.DisposeAsync();
        await Fallback.DisposeAsync();
    }
}
