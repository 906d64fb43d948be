namespace PayRelay.ProcessorEmulator;

/// <summary>Everything the emulator logs; nothing is logged per payment.</summary>
internal static partial class EmulatorLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Processor emulator listening on {Urls} (fee {Fee}, health window {Window}, cost {Cost})")]
    public static partial void Listening(ILogger logger, string urls, decimal fee, TimeSpan window, string cost);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Delay changed from {Was} ms to {Is} ms")]
    public static partial void DelayChanged(ILogger logger, int was, int @is);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Failure changed from {Was} to {Is}")]
    public static partial void FailureChanged(ILogger logger, bool was, bool @is);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Admin token changed")]
    public static partial void TokenChanged(ILogger logger);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Purged {Count} payments")]
    public static partial void Purged(ILogger logger, int count);
}
