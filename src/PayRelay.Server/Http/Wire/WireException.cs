namespace PayRelay.Server.Http.Wire;

/// <summary>A request the server cannot read as HTTP/1.1: answered with <see cref="Status"/>, then the connection closes.</summary>
internal sealed class WireException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
