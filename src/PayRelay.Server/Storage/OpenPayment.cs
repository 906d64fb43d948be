using PayRelay.Server.Dispatch;

namespace PayRelay.Server.Storage;

/// <summary>What a journaled store keeps of a payment not yet settled, to write it into a snapshot.</summary>
public record struct OpenPayment(long Cents, long AcceptedAtMs, ProcessorKind? PinnedTo, long RequestedAtMs);
