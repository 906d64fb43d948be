namespace PayRelay.ProcessorEmulator;

/// <summary>A parsed <c>POST /payments</c> body.</summary>
internal readonly record struct PaymentRequest(Guid CorrelationId, decimal Amount, DateTimeOffset RequestedAt);
