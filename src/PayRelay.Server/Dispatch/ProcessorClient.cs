using System.Net;
using System.Net.Sockets;
using PayRelay.Server.Net;
using PayRelay.Server.Observability;

namespace PayRelay.Server.Dispatch;

/// <summary>
/// Posts payments to one processor over a small pool of keep-alive HTTP/1.1 connections it writes and reads
/// itself: one request shape, one response fact (the status) and no per-attempt objects beyond the wait for
/// the answer. A payment taken over already pinned is first looked up (<see cref="LookupAsync"/>), on the same
/// connections. No retry sits in here: the dispatcher owns retries, because only it knows whether an outcome
/// is unknown.
/// </summary>
public sealed partial class ProcessorClient : IDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);
    private readonly DnsEndPoint _endpoint;
    private readonly byte[] _requestHead;
    private readonly byte[] _lookupRequest;
    private readonly TimeSpan _timeout;
    private readonly ConnectionPool _pool;
    private readonly TimeProvider _time;
    private readonly AttemptRecorder? _recorder;

    /// <summary>A client of the processor at <paramref name="baseAddress"/>; each attempt's outcome and latency go to <paramref name="recorder"/> (<c>/metrics</c>), if any.</summary>
    public ProcessorClient(Uri baseAddress, int maxConnections, TimeSpan timeout, TimeProvider? time = null, AttemptRecorder? recorder = null)
    {
        if (baseAddress.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"only http:// processor URLs are supported, not {baseAddress}", nameof(baseAddress));
        }

        _endpoint = new DnsEndPoint(baseAddress.IdnHost, baseAddress.Port);
        _requestHead = RequestHead(baseAddress);
        _lookupRequest = LookupRequest(baseAddress);
        _timeout = timeout;
        _time = time ?? TimeProvider.System;
        _pool = new ConnectionPool(maxConnections, _time);
        _recorder = recorder;
    }

    public async Task<AttemptOutcome> PostAsync(Guid correlationId, long amountCents, long requestedAtMs, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        Http1Connection? connection;
        try
        {
            connection = _pool.TakeIdle() ?? await ConnectAsync(deadline.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // Nothing was sent: the processor cannot have stored it.
            return Recorded(AttemptOutcome.NotStored, started);
        }

        try
        {
            var length = WriteRequest(connection.SendBuffer, correlationId, amountCents, requestedAtMs);
            var status = await connection.ExchangeAsync(length, body: null, deadline.Token);
            _pool.Return(connection);
            return Recorded(Classify((HttpStatusCode)status), started);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException or InvalidDataException)
        {
            // Sent, or possibly sent: the outcome is unknown and the connection's state with it.
            connection.Dispose();
            return Recorded(AttemptOutcome.Unknown, started);
        }
    }

    public static AttemptOutcome Classify(HttpStatusCode status) => (int)status switch
    {
        >= 200 and < 300 => AttemptOutcome.Confirmed,
        422 => AttemptOutcome.AlreadyExists,
        429 or >= 500 => AttemptOutcome.NotStored,
        _ => AttemptOutcome.Refused,
    };

    private AttemptOutcome Recorded(AttemptOutcome outcome, long started)
    {
        _recorder?.Record(outcome, _time.GetElapsedTime(started));
        return outcome;
    }

    private async Task<Http1Connection> ConnectAsync(CancellationToken cancellationToken)
    {
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connect.CancelAfter(ConnectTimeout);
        return await Http1Connection.OpenAsync(_endpoint, connect.Token);
    }

    public void Dispose() => _pool.Dispose();
}
