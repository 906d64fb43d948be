namespace PayRelay.Server.Http;

/// <summary>
/// Whether this instance is the one calling the processors' health endpoints, for <c>GET /status</c>'s
/// <c>healthPolling</c>: the embedded pair's primary/standby poller, or, on the shared store, whether this instance
/// holds the deployment's election for either processor. Each mode registers its own answer.
/// </summary>
public sealed class HealthPollingView(Func<bool> polling)
{
    public bool Polling => polling();
}
