using PayRelay.Bench.Run;
using PayRelay.Testing;

namespace PayRelay.Bench.Tests;

/// <summary>What the ballast does, not how fast: burning is measured in runs, never asserted in tests.</summary>
public sealed class CpuBallastTests
{
    [Fact]
    public async Task Start_RequestsCompleted_BurnsWhatTheProcessHasNotSpentYet()
    {
        // One request owes 50 ms of CPU, far more than this process spends on its own meanwhile.
        using var ballast = new CpuBallast(TimeSpan.FromMilliseconds(50), () => 1);

        ballast.Start();
        await Eventually.HoldsAsync(() => ballast.Burned > TimeSpan.Zero, "the ballast burns what is owed");
        ballast.Stop();

        Assert.True(ballast.Burned > TimeSpan.Zero);
    }

    [Fact]
    public void Start_TargetZero_NeverStartsBurning()
    {
        using var ballast = new CpuBallast(TimeSpan.Zero, () => 1_000_000);

        ballast.Start();
        ballast.Stop();

        Assert.Equal(TimeSpan.Zero, ballast.Burned);
    }
}
