using System.Net.Sockets;

namespace PayRelay.Server.Http.Wire;

/// <summary>
/// PayRelay's HTTP/1.1 server, on the connections <see cref="WireServer"/> accepts: this reads requests from the
/// connection's buffer. <c>POST /payments</c>, hundreds of times a second, is parsed in place and answered from
/// constant bytes with no per-request objects, and so are the balancer's <c>GET /healthz</c>, every second on a
/// connection of its own, and the peer's <c>POST /internal/health</c>, every 5 s; every other request becomes an
/// <see cref="HttpContext"/> for <see cref="RequestRouter"/>. Keep-alive, pipelining, Content-Length and chunked bodies,
/// <c>Expect: 100-continue</c> and <c>Connection: close</c> are honoured; a request that is not HTTP/1.x gets
/// a 4xx or 5xx and the connection closes.
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
    /// <summary>Largest request body read, as Kestrel's limit was; a payment's own limit is lower.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly byte[] RequestTimedOut = Responses.ErrorBody($"the request did not arrive whole within {ConnectionWatch.RequestTimeout.TotalSeconds} s");

    /// <summary>After an answer that closes the connection, how long unread input is drained so the client reads the answer.</summary>
    private static readonly TimeSpan LingerTime = TimeSpan.FromSeconds(1);

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
                        await CloseWithErrorAsync(connection, StatusCodes.Status408RequestTimeout, RequestTimedOut);
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
                    connection.AdvanceTo(result.Buffer.End, result.Buffer.End);
                    await CloseWithErrorAsync(connection, e.Status, Responses.ErrorBody(e.Message));
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
                    await AnswerAsync(request, connection, aborted, step.Close);
                }
                else if (step.Flush)
                {
                    await connection.FlushAsync();
                }

                if (step.Queued)
                {
                    payments.Announce();
                }

                if (step.Close || step.End)
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

    /// <summary>Hands a request to the router and writes what it answered.</summary>
    private async Task AnswerAsync(FallbackRequest request, WireConnection output, CancellationToken aborted, bool close)
    {
        var (context, body) = request.CreateContext(aborted);
        try
        {
            await router.HandleAsync(context);
        }
        catch (Exception e) when (e is not OperationCanceledException || !aborted.IsCancellationRequested)
        {
            Log.RequestFault(logger, context.Request.Method, context.Request.Path.Value ?? string.Empty, e);
            await CloseWithErrorAsync(output, StatusCodes.Status500InternalServerError, Responses.ErrorBody("internal error"));
            return;
        }

        ResponseWriter.Write(output, context.Response, body.GetBuffer().AsSpan(0, (int)body.Length), date.Current, close);
        await output.FlushAsync();
    }

    /// <summary>A JSON error with <c>Connection: close</c>, flushed: the connection ends after it.</summary>
    private async ValueTask CloseWithErrorAsync(WireConnection output, int status, byte[] error)
    {
        ResponseWriter.Write(output, status, date.Current, close: true, error, json: true);
        await output.FlushAsync();
    }

    /// <summary>
    /// Reads and discards what the client still sends, for a moment, before a closing answer's connection
    /// closes: closing on unread input resets the connection, and the client could lose the answer.
    /// </summary>
    private async Task LingerAsync(WireConnection input)
    {
        using var deadline = new CancellationTokenSource(LingerTime, time);
        using var stop = deadline.Token.Register(static state => ((WireConnection)state!).CancelPendingRead(), input);
        long drained = 0;
        while (drained < MaxBodyBytes)
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

    /// <summary>Per-connection state: the decoded chunked body, kept for the connection's life once a request needed it.</summary>
    private sealed class ConnectionState
    {
        public byte[]? Body;
        public bool ContinueSent;
    }
}
