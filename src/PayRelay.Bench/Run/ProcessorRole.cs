namespace PayRelay.Bench.Run;

/// <summary>Which of the two payment processors.</summary>
public enum ProcessorRole
{
    Default,
    Fallback,
}
