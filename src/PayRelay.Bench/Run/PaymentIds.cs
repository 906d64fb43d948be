namespace PayRelay.Bench.Run;

/// <summary>
/// The correlationId of every payment of a run, by how the backend answered it, for the charge check that follows a
/// fault run. Kept only when such a check follows: a run without one keeps nothing per payment.
/// </summary>
public sealed class PaymentIds
{
    private readonly List<Guid> _accepted = [];
    private readonly List<Guid> _unanswered = [];
    private readonly List<Guid> _refused = [];
    private readonly Lock _gate = new();

    /// <summary>Answered 200, 201, 202 or 204: the backend took responsibility for them.</summary>
    public IReadOnlyList<Guid> Accepted => Copy(_accepted);

    /// <summary>No answer within the timeout: the backend may or may not have taken them.</summary>
    public IReadOnlyList<Guid> Unanswered => Copy(_unanswered);

    /// <summary>Any other answer: refused, never to be charged.</summary>
    public IReadOnlyList<Guid> Refused => Copy(_refused);

    public void Add(Guid correlationId, int status)
    {
        var list = status switch
        {
            200 or 201 or 202 or 204 => _accepted,
            0 => _unanswered,
            _ => _refused,
        };
        lock (_gate)
        {
            list.Add(correlationId);
        }
    }

    private List<Guid> Copy(List<Guid> list)
    {
        lock (_gate)
        {
            return [.. list];
        }
    }
}
