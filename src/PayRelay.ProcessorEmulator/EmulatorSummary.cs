namespace PayRelay.ProcessorEmulator;

/// <summary>The admin summary: count, sum, unrounded fee total and the configured fee.</summary>
public readonly record struct EmulatorSummary(long TotalRequests, decimal TotalAmount, decimal TotalFee, decimal FeePerTransaction);
