namespace PayRelay.Server.Dispatch;

/// <summary>The two payment processors; the values index per-processor arrays.</summary>
public enum ProcessorKind
{
    Default = 0,
    Fallback = 1,
}

/// <summary>Wire names of the processors as the summary and the status endpoint spell them.</summary>
public static class ProcessorKinds
{
    public const int Count = 2;

    public static string Name(ProcessorKind kind) => kind == ProcessorKind.Default ? "default" : "fallback";
}
