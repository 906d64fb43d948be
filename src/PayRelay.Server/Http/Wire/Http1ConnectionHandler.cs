using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace PayRelay.Server.Http.Wire;

/// <summary>
/// PayRelay's HTTP/1.1 server, run on Kestrel's connections in place of Kestrel's own HTTP layer. Kestrel still
/// binds the <c>--urls</c> (TCP or unix socket), accepts and owns the sockets; this reads requests from the
/// connection's pipe. <c>POST /payments</c>, hundreds of times a second, is parsed in place and answered from
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
    : ConnectionHandler
{
    /// <summary>Largest request body read, as Kestrel's limit was; a payment's own limit is lower.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly byte[] RequestTimedOut = Responses.ErrorBody($"the request did not arrive whole within {ConnectionWatch.RequestTimeout.TotalSeconds} s");

    /// <summary>After an answer that closes the connection, how long unread input is drained so the client reads the answer.</summary>
    private static readonly TimeSpan LingerTime = TimeSpan.FromSeconds(1);

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        var closing = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        // On shutdown Kestrel asks each connection to close: an idle one stops waiting for a request at once.
        using var stop = closing.Register(static state => ((PipeReader)state!).CancelPendingRead(), input);
        var state = new ConnectionState();
        var watch = new ConnectionWatch(input, time);
        connection.Features.Get<IConnectionHeartbeatFeature>()?.OnHeartbeat(static watch => ((ConnectionWatch)watch).OnHeartbeat(), watch);
        try
        {
            while (true)
            {
                watch.BeginWait();
                var result = await input.ReadAsync();
                watch.EndWait(!result.Buffer.IsEmpty);
                if (result.IsCanceled)
                {
                    if (watch.Outcome == TimedOut.Request)
                    {
                        await CloseWithErrorAsync(output, StatusCodes.Status408RequestTimeout, RequestTimedOut);
                    }

                    break;
                }

                Step step;
                try
                {
                    step = Read(result.Buffer, result.IsCompleted, output, state, closing.IsCancellationRequested);
                }
                catch (WireException e)
                {
                    input.AdvanceTo(result.Buffer.End);
                    await CloseWithErrorAsync(output, e.Status, Responses.ErrorBody(e.Message));
                    await LingerAsync(input);
                    break;
                }

                input.AdvanceTo(step.Consumed, step.Examined);
                if (step.Request)
                {
                    watch.RequestRead();
                }

                if (step.Fallback is { } request)
                {
                    await AnswerAsync(request, output, connection.ConnectionClosed, step.Close);
                }
                else if (step.Flush)
                {
                    await output.FlushAsync();
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
        catch (ConnectionResetException)
        {
            // The client went away; nothing to answer.
        }
        catch (IOException)
        {
            // The same, reported by the transport as an I/O error.
        }
        finally
        {
            await output.CompleteAsync();
            await input.CompleteAsync();
        }
    }

    /// <summary>Hands a request to the router and writes what it answered.</summary>
    private async Task AnswerAsync(FallbackRequest request, PipeWriter output, CancellationToken aborted, bool close)
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
    private async ValueTask CloseWithErrorAsync(PipeWriter output, int status, byte[] error)
    {
        ResponseWriter.Write(output, status, date.Current, close: true, error, json: true);
        await output.FlushAsync();
    }

    /// <summary>
    /// Reads and discards what the client still sends, for a moment, before a closing answer's connection
    /// closes: closing on unread input resets the connection, and the client could lose the answer.
    /// </summary>
    private async Task LingerAsync(PipeReader input)
    {
        using var deadline = new CancellationTokenSource(LingerTime, time);
        long drained = 0;
        try
        {
            while (drained < MaxBodyBytes)
            {
                var result = await input.ReadAsync(deadline.Token);
                drained += result.Buffer.Length;
                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client kept the connection open without sending more; close it now.
        }
    }

    /// <summary>Per-connection buffers, kept for the connection's life once a request needed them.</summary>
    private sealed class ConnectionState
    {
        public byte[]? Head;
        public byte[]? Raw;
        public byte[]? Body;
        public bool ContinueSent;
    }
}
