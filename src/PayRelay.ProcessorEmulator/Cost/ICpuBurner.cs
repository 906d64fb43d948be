namespace PayRelay.ProcessorEmulator.Cost;

/// <summary>Spends CPU on the calling thread; tests substitute one that only records what it was asked.</summary>
public interface ICpuBurner
{
    /// <summary>Keeps the calling thread busy until it has spent <paramref name="cpu"/> of CPU time.</summary>
    void Burn(TimeSpan cpu);
}
