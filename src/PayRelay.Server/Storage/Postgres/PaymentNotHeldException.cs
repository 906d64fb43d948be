namespace PayRelay.Server.Storage;

/// <summary>
/// Thrown by a shared store when asked to record an attempt for a payment this instance no longer holds: another
/// instance took it over (this one was thought dead) or a purge removed it. The dispatcher drops its copy unsent.
/// </summary>
public sealed class PaymentNotHeldException(Guid correlationId)
    : InvalidOperationException($"payment {correlationId} is no longer held by this instance");
