namespace PayRelay.Bench.Run;

/// <summary>The run cannot go on, for a reason the official test would abort on too.</summary>
public sealed class BenchAbortedException : Exception
{
    public BenchAbortedException()
    {
    }

    public BenchAbortedException(string message)
        : base(message)
    {
    }

    public BenchAbortedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
