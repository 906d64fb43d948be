namespace PayRelay.ProcessorEmulator;

/// <summary>A payment as the processor keeps it: amount rounded to cents, requestedAt at millisecond precision, UTC.</summary>
public readonly record struct StoredPayment(Guid CorrelationId, decimal Amount, DateTimeOffset RequestedAt);
