namespace PayRelay.Bench.Cli;

/// <summary>A command line that cannot be run as written.</summary>
public sealed class UsageException : Exception
{
    public UsageException()
        : base("invalid command line")
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
