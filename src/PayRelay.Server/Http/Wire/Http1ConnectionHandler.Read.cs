using System.Buffers;
using PayRelay.Server.Peers;

namespace PayRelay.Server.Http.Wire;

public sealed partial class Http1ConnectionHandler
{
    /// <summary>Room for a chunked body's framing on top of its limit: a few dozen chunks' sizes and a trailer.</summary>
    internal const int ChunkFramingAllowance = 2 * 1024;

    /// <summary>
    /// Reads one request from the buffered input, if it is all there. A payment is answered here, into the
    /// output; any other request is returned for the router. A malformed request is a <see cref="WireException"/>.
    /// A body over its path's limit is refused from its Content-Length, before any of it is read.
    /// </summary>
    private Step Read(ReadOnlySequence<byte> buffer, bool completed, WireConnection connection, ConnectionState state, bool closing)
    {
        // The connection's input is one array: every request lies in one segment. Empty lines before a request line
        // are passed over (RFC 9112 §2.2).
        var blank = LeadingEmptyLines(buffer.FirstSpan);
        buffer = buffer.Slice(blank);
        var headBytes = buffer.FirstSpan;
        if (!RequestHead.TryParse(headBytes, out var head))
        {
            return new Step(buffer.Start, buffer.End, End: completed);
        }

        var target = headBytes[head.Target];
        var isPayment = head.IsPost(headBytes) && RequestTarget.PathIs(target, "/payments");
        var limit = isPayment ? PaymentsEndpoint.MaxBodyBytes : MaxBodyBytes;
        var rest = buffer.Slice(head.Length);
        byte[]? decoded = null;
        try
        {
            ReadOnlySequence<byte> body;
            SequencePosition end;
            if (head.Chunked)
            {
                decoded = connection.Pool.Rent(limit);
                switch (ChunkedBody.TryDecode(rest.FirstSpan, decoded.AsSpan(0, limit), out var consumed, out var written))
                {
                    case ChunkedResult.Complete:
                        body = new ReadOnlySequence<byte>(decoded, 0, written);
                        end = rest.GetPosition(consumed);
                        break;
                    case ChunkedResult.TooLarge:
                        throw BodyTooLarge(limit, isPayment);
                    default:
                        if (rest.Length >= limit + ChunkFramingAllowance)
                        {
                            throw BodyTooLarge(limit, isPayment);
                        }

                        return AwaitBody(buffer, completed, head, connection, state);
                }
            }
            else
            {
                var length = Math.Max(head.ContentLength, 0);
                if (length > limit)
                {
                    throw BodyTooLarge(limit, isPayment);
                }

                if (rest.Length < length)
                {
                    return AwaitBody(buffer, completed, head, connection, state);
                }

                body = rest.Slice(0, length);
                end = body.End;
            }

            state.ContinueSent = false;
            return Route(headBytes, head, isPayment, body, end, connection, closing);
        }
        finally
        {
            if (decoded is not null)
            {
                connection.Pool.Return(decoded);
            }
        }
    }

    /// <summary>Answers a whole request here, or hands it on for the router.</summary>
    private Step Route(ReadOnlySpan<byte> headBytes, in RequestHead head, bool isPayment, ReadOnlySequence<byte> body, SequencePosition end, IBufferWriter<byte> output, bool closing)
    {
        var persistence = head.Close || closing ? Persistence.Close : head.KeepAlive10 ? Persistence.KeepAlive : Persistence.Default;
        if (isPayment)
        {
            var answer = payments.Accept(headBytes[head.ContentType], body);
            if (answer.Later is { } later)
            {
                // The store answers once its write is durable: the answer is written when it comes, in order.
                return new Step(end, end, Request: true, Flush: true, Persistence: persistence, Later: later);
            }

            WritePaymentAnswer(output, answer, persistence);
            return new Step(end, end, Request: true, Flush: true, Queued: answer.Queued, Persistence: persistence);
        }

        // The requests that come all day at fixed intervals are answered here too: through an HttpContext, their
        // code would reach the tier-up threshold minutes after start and recompile under traffic.
        var target = headBytes[head.Target];
        var isHead = head.IsHead(headBytes);
        if ((head.IsGet(headBytes) || isHead) && RequestTarget.PathIs(target, "/healthz"))
        {
            var (status, health) = operations.Health();
            ResponseWriter.Write(output, status, date.Current, persistence, health, json: true, headOnly: isHead);
            return new Step(end, end, Request: true, Flush: true, Persistence: persistence);
        }

        if (head.IsPost(headBytes) && RequestTarget.PathIs(target, "/internal/health"))
        {
            var (status, error) = peer.ReceiveHealth(body);
            ResponseWriter.Write(output, status, date.Current, persistence, error, json: error.Length > 0);
            return new Step(end, end, Request: true, Flush: true, Persistence: persistence);
        }

        // The peer's reservations ride here too: they are answered from the dedupe set, without an HttpContext.
        var reserve = head.IsPost(headBytes) && RequestTarget.PathIs(target, PeerReservations.ReservePath);
        if (reserve || (head.IsPost(headBytes) && RequestTarget.PathIs(target, PeerReservations.ReleasePath)))
        {
            var (status, error) = reserve ? peer.Reserve(body) : peer.Release(body);
            ResponseWriter.Write(output, status, date.Current, persistence, error, json: error.Length > 0);
            return new Step(end, end, Request: true, Flush: true, Persistence: persistence);
        }

        return new Step(end, end, Request: true, Persistence: persistence, Fallback: FallbackRequest.Read(headBytes, head, body));
    }

    private void WritePaymentAnswer(IBufferWriter<byte> output, in PaymentAnswer answer, Persistence persistence)
    {
        if (answer.Status == StatusCodes.Status202Accepted)
        {
            ResponseWriter.Accepted(output, date.Current, persistence);
        }
        else
        {
            ResponseWriter.Write(output, answer.Status, date.Current, persistence, answer.Error, json: true, answer.RetryAfter);
        }
    }

    /// <summary>The head is in but not the whole body: wait for more, first inviting the body if the client waits for that.</summary>
    private static Step AwaitBody(ReadOnlySequence<byte> buffer, bool completed, in RequestHead head, IBufferWriter<byte> output, ConnectionState state)
    {
        if (completed)
        {
            return new Step(buffer.End, buffer.End, End: true);
        }

        var invite = head.ExpectContinue && !head.Http10 && !state.ContinueSent;
        if (invite)
        {
            ResponseWriter.Continue(output);
            state.ContinueSent = true;
        }

        return new Step(buffer.Start, buffer.End, Flush: invite);
    }

    /// <summary>How many bytes of CRLF pairs start the input.</summary>
    private static int LeadingEmptyLines(ReadOnlySpan<byte> input)
    {
        var count = 0;
        while (input[count..].StartsWith("\r\n"u8))
        {
            count += 2;
        }

        return count;
    }

    /// <summary>One limit, one message: the same words whichever framing the body came in.</summary>
    private WireException BodyTooLarge(int limit, bool isPayment)
    {
        if (isPayment)
        {
            // A payment refused before its body is read never reaches the endpoint: /metrics counts it here.
            payments.RefusedTooLarge();
        }

        return new(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {limit} bytes");
    }

    /// <summary>What the connection loop does after <see cref="Read"/>; <c>Request</c> when a whole request was read.</summary>
    private readonly record struct Step(
        SequencePosition Consumed,
        SequencePosition Examined,
        bool Request = false,
        bool Flush = false,
        bool Queued = false,
        Persistence Persistence = Persistence.Default,
        bool End = false,
        FallbackRequest? Fallback = null,
        Task<PaymentAnswer>? Later = null);
}
