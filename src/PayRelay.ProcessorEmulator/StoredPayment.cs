namespace PayRelay.ProcessorEmulator;

/// <summary>
/// A payment as the processor keeps it: amount rounded to cents, requestedAt at millisecond precision, UTC. StoredAt is
/// when the insert happened, by the emulator's clock; the official processor does not expose it, tests use it to see
/// how long after its requestedAt a payment became visible to an auditor.
/// </summary>
public readonly record struct StoredPayment(Guid CorrelationId, decimal Amount, DateTimeOffset RequestedAt, DateTimeOffset StoredAt);
