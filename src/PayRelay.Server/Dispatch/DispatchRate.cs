namespace PayRelay.Server.Dispatch;

/// <summary>
/// A token bucket on attempts started. Concurrency bounds alone do not bound the rate when a processor answers in
/// milliseconds: after an outage the backlog would leave in one burst, and under a CPU quota that burst throttles
/// the instance and shows up as latency on <c>POST /payments</c>. The bucket holds a tenth of a second's tokens.
/// Only the pump uses it.
/// </summary>
public sealed class DispatchRate(int perSecond, TimeProvider time)
{
    private readonly double _capacity = Math.Max(1, perSecond / 10.0);
    private double _tokens = Math.Max(1, perSecond / 10.0);
    private long _refilledAt = time.GetTimestamp();

    /// <summary>Takes a token if one is there; otherwise says how long until the next.</summary>
    public bool TryTake(out TimeSpan waitFor)
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(_capacity, _tokens + (time.GetElapsedTime(_refilledAt, now).TotalSeconds * perSecond));
        _refilledAt = now;
        if (_tokens >= 1)
        {
            _tokens--;
            waitFor = TimeSpan.Zero;
            return true;
        }

        waitFor = TimeSpan.FromSeconds((1 - _tokens) / perSecond);
        return false;
    }
}
