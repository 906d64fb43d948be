namespace PayRelay.Server.Storage;

/// <summary>
/// The store could not be made ready at start (its database unreachable, its schema from a newer release): the
/// instance stops with this message rather than accept payments it could not keep.
/// </summary>
public sealed class StoreStartException(string message, Exception? inner = null) : Exception(message, inner);
