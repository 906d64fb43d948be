using System.Net;
using System.Net.Sockets;

namespace PayRelay.Server.Dispatch;

/// <summary>
/// Posts payments to one processor over a small pool of keep-alive HTTP/1.1 connections it writes and reads
/// itself: one request shape, one response fact (the status) and no per-attempt objects beyond the wait for
/// the answer. No retry sits in here: the dispatcher owns retries, because only it knows whether an outcome
/// is unknown.
/// </summary>
public sealed partial class ProcessorClient : IDisposable
{
    /// <summary>Connections idle longer than this are closed rather than reused, well inside Kestrel's keep-alive.</summary>
    public static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);
    private readonly DnsEndPoint _endpoint;
    private readonly byte[] _requestHead;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly Stack<ProcessorConnection> _idle = new();
    private readonly Lock _gate = new();
    private bool _disposed;

    public ProcessorClient(Uri baseAddress, int maxConnections, TimeSpan timeout, TimeProvider? time = null)
    {
        if (baseAddress.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"only http:// processor URLs are supported, not {baseAddress}", nameof(baseAddress));
        }

        _endpoint = new DnsEndPoint(baseAddress.IdnHost, baseAddress.Port);
        _requestHead = RequestHead(baseAddress);
        _timeout = timeout;
        _time = time ?? TimeProvider.System;
        MaxIdle = maxConnections;
    }

    /// <summary>How many idle connections are kept for reuse; more may exist while attempts run.</summary>
    public int MaxIdle { get; }

    public async Task<AttemptOutcome> PostAsync(Guid correlationId, long amountCents, long requestedAtMs, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        ProcessorConnection? connection;
        try
        {
            connection = TakeIdle() ?? await ConnectAsync(deadline.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // Nothing was sent: the processor cannot have stored it.
            return AttemptOutcome.NotStored;
        }

        try
        {
            var length = WriteRequest(connection.SendBuffer, correlationId, amountCents, requestedAtMs);
            var status = await connection.ExchangeAsync(length, deadline.Token);
            if (connection.Reusable)
            {
                GiveBack(connection);
            }
            else
            {
                connection.Dispose();
            }

            return Classify((HttpStatusCode)status);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException or InvalidDataException)
        {
            // Sent, or possibly sent: the outcome is unknown and the connection's state with it.
            connection.Dispose();
            return AttemptOutcome.Unknown;
        }
    }

    public static AttemptOutcome Classify(HttpStatusCode status) => (int)status switch
    {
        >= 200 and < 300 => AttemptOutcome.Confirmed,
        422 => AttemptOutcome.AlreadyExists,
        429 or >= 500 => AttemptOutcome.NotStored,
        _ => AttemptOutcome.Refused,
    };

    private async Task<ProcessorConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connect.CancelAfter(ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_endpoint, connect.Token);
            return new ProcessorConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private ProcessorConnection? TakeIdle()
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            while (_idle.TryPop(out var connection))
            {
                if (_time.GetElapsedTime(connection.IdleSince, now) < IdleLimit)
                {
                    return connection;
                }

                connection.Dispose();
            }
        }

        return null;
    }

    private void GiveBack(ProcessorConnection connection)
    {
        connection.IdleSince = _time.GetTimestamp();
        lock (_gate)
        {
            if (!_disposed && _idle.Count < MaxIdle)
            {
                _idle.Push(connection);
                return;
            }
        }

        connection.Dispose();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            while (_idle.TryPop(out var connection))
            {
                connection.Dispose();
            }
        }
    }
}
