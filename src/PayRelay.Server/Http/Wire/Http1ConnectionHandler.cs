using System.Net.Sockets;

namespace PayRelay.Server.Http.Wire;

/// <summary>
/// PayRelay's HTTP/1.1 server, on the connections <see cref="WireServer"/> accepts: this reads requests from the
/// connection's buffer. <c>POST /payments</c>, hundreds of times a second, is parsed in place and answered from
/// constant bytes with no per-request objects, and so are the balancer's <c>GET /healthz</c>, every second on a
/// connection of its own, and the peer's <c>POST /internal/health</c>, every 5 s; every other request becomes an
/// <see cref="HttpContext"/> for <see cref="RequestRouter"/>. Keep-alive, pipelining, Content-Length and chunked bodies,
/// <c>Expect: 100-continue</c>, <c>Connection: close</c> and <c>HEAD</c> are honoured; a request that is not HTTP/1.x
/// gets a 4xx or 5xx and the connection closes, and the log gets a line about it once a second at most.
/// </summary>
public sealed partial class Http1ConnectionHandler(
    PaymentsEndpoint payments,
    OperationsEndpoints operations,
    InternalEndpoints peer,
    RequestRouter router,
    HttpDate date,
    TimeProvider time,
    ILogger<Http1ConnectionHandler> logger)
{
    /// <summary>
    /// Largest request body read on any path but <c>POST /payments</c>, whose own limit is
    /// <see cref="PaymentsEndpoint.MaxBodyBytes"/>. Nothing else PayRelay serves takes a body of more than a few
    /// hundred bytes (the peer's health reports); every connection may hold one body this long.
    /// </summary>
    public const int MaxBodyBytes = 8 * 1024;

    private static readonly byte[] RequestTimedOut = Responses.ErrorBody($"the request did not arrive whole within {ConnectionWatch.RequestTimeout.TotalSeconds} s");

    /// <summary>After an answer that closes the connection, how long unread input is drained so the client reads the answer.</summary>
    private static readonly TimeSpan LingerTime = TimeSpan.FromSeconds(1);

    private readonly LogThrottle _refusals = new(time, TimeSpan.FromSeconds(1));

    /// <summary>
    /// Serves one connection until the client closes it, a request closes it, or <paramref name="closing"/> asks it to
    /// close (then an idle connection ends at once, a busy one after its answer). <paramref name="aborted"/> is the
    /// server giving up on it.
    /// </summary>
    internal async Task RunAsync(WireConnection connection, CancellationToken closing, CancellationToken aborted)
    {
        // On shutdown the server asks each connection to close: an idle one stops waiting for a request at once.
        using var stop = closing.Register(static state => ((WireConnection)state!).CancelPendingRead(), connection);
        var state = new ConnectionState();
        var watch = new ConnectionWatch(connection, time);
        connection.Watch = watch;
        try
        {
            while (true)
            {
                watch.BeginWait();
                var result = await connection.ReadAsync();
                watch.EndWait(!result.Buffer.IsEmpty);
                if (result.IsCanceled)
                {
                    if (watch.Outcome == TimedOut.Request)
                    {
                        await CloseWithErrorAsync(connection, StatusCodes.Status408RequestTimeout, RequestTimedOut, headOnly: false);
                    }

                    break;
                }

                Step step;
                try
                {
                    step = Read(result.Buffer, result.IsCompleted, connection, state, closing.IsCancellationRequested);
                }
                catch (WireException e)
                {
                    var headOnly = IsHeadRequest(result.Buffer.FirstSpan);
                    connection.AdvanceTo(result.Buffer.End, result.Buffer.End);
                    NoteRefused(e);
                    await CloseWithErrorAsync(connection, e.Status, Responses.ErrorBody(e.Message), headOnly);
                    await LingerAsync(connection);
                    break;
                }

                connection.AdvanceTo(step.Consumed, step.Examined);
                if (step.Request)
                {
                    watch.RequestRead();
                }

                if (step.Fallback is { } request)
                {
                    if (!await AnswerAsync(request, connection, aborted, step.Persistence))
                    {
                        break;
                    }
                }
                else if (step.Later is { } later)
                {
                    var answer = await later;
                    WritePaymentAnswer(connection, answer, step.Persistence);
                    await connection.FlushAsync();
                    if (answer.Queued)
                    {
                        payments.Announce();
                    }
                }
                else if (step.Flush)
                {
                    await connection.FlushAsync();
                }

                if (step.Queued)
                {
                    payments.Announce();
                }

                if (step.Persistence == Persistence.Close || step.End)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            // The client went away, or the server gave up on the connection; nothing to answer.
        }
        finally
        {
            connection.Watch = null;
        }
    }

    /// <summary>Hands a request to the router and writes what it answered; false when it faulted and the connection closes.</summary>
    private async Task<bool> AnswerAsync(FallbackRequest request, WireConnection output, CancellationToken aborted, Persistence persistence)
    {
        var (context, body) = request.CreateContext(aborted);
        try
        {
            await router.HandleAsync(context);
        }
        catch (Exception e) when (e is not OperationCanceledException || !aborted.IsCancellationRequested)
        {
            Log.RequestFault(logger, context.Request.Method, context.Request.Path.Value ?? string.Empty, e);
            await CloseWithErrorAsync(output, StatusCodes.Status500InternalServerError, Responses.ErrorBody("internal error"), request.IsHead);
            return false;
        }

        ResponseWriter.Write(output, context.Response, body.GetBuffer().AsSpan(0, (int)body.Length), date.Current, persistence, request.IsHead);
        await output.FlushAsync();
        return true;
    }

    /// <summary>A JSON error with <c>Connection: close</c>, flushed: the connection ends after it.</summary>
    private async ValueTask CloseWithErrorAsync(WireConnection output, int status, byte[] error, bool headOnly)
    {
        ResponseWriter.Write(output, status, date.Current, Persistence.Close, error, json: true, headOnly: headOnly);
        await output.FlushAsync();
    }

    /// <summary>A malformed request is the client's doing, not the server's: a line, no stack trace, once a second at most.</summary>
    private void NoteRefused(WireException refused)
    {
        if (_refusals.TryPass(out var suppressed))
        {
            WireLog.Refused(logger, refused.Status, refused.Message, suppressed);
        }
    }

    /// <summary>Whether the request being refused is a <c>HEAD</c>, whose answer has no body whatever its status.</summary>
    private static bool IsHeadRequest(ReadOnlySpan<byte> input) => input.TrimStart("\r\n"u8).StartsWith("HEAD "u8);

    /// <summary>
    /// Reads and discards what the client still sends, for a moment, before a closing answer's connection
    /// closes: closing on unread input resets the connection, and the client could lose the answer.
    /// </summary>
    private async Task LingerAsync(WireConnection input)
    {
        using var deadline = new CancellationTokenSource(LingerTime, time);
        using var stop = deadline.Token.Register(static state => ((WireConnection)state!).CancelPendingRead(), input);
        long drained = 0;
        while (drained < WireBufferPool.LargeSize)
        {
            // A client that keeps the connection open without sending more sees it close at the deadline.
            var result = await input.ReadAsync();
            drained += result.Buffer.Length;
            input.AdvanceTo(result.Buffer.End, result.Buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return;
            }
        }
    }

    /// <summary>Per-connection state between reads of one request.</summary>
    private sealed class ConnectionState
    {
        public bool ContinueSent;
    }
}
