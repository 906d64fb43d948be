using System.Buffers;

namespace PayRelay.Server.Http.Wire;

public sealed partial class Http1ConnectionHandler
{
    /// <summary>Room for a chunked body's framing on top of <see cref="MaxBodyBytes"/> of data.</summary>
    internal const int ChunkFramingAllowance = 16 * 1024;

    /// <summary>
    /// Reads one request from the buffered input, if it is all there. A payment is answered here, into the
    /// output; any other request is returned for the router. A malformed request is a <see cref="WireException"/>.
    /// </summary>
    private Step Read(ReadOnlySequence<byte> buffer, bool completed, IBufferWriter<byte> output, ConnectionState state, bool closing)
    {
        // The connection's input is one array: every request lies in one segment.
        var headBytes = buffer.FirstSpan;
        if (!RequestHead.TryParse(headBytes, out var head))
        {
            return new Step(buffer.Start, buffer.End, End: completed);
        }

        var rest = buffer.Slice(head.Length);
        ReadOnlySequence<byte> body;
        SequencePosition end;
        if (head.Chunked)
        {
            var raw = rest.FirstSpan;
            state.Body ??= new byte[MaxBodyBytes];
            switch (ChunkedBody.TryDecode(raw, state.Body, out var consumed, out var written))
            {
                case ChunkedResult.Complete:
                    body = new ReadOnlySequence<byte>(state.Body, 0, written);
                    end = rest.GetPosition(consumed);
                    break;
                case ChunkedResult.TooLarge:
                    throw BodyTooLarge();
                default:
                    if (rest.Length >= MaxBodyBytes + ChunkFramingAllowance)
                    {
                        throw BodyTooLarge();
                    }

                    return AwaitBody(buffer, completed, head, output, state);
            }
        }
        else
        {
            var length = Math.Max(head.ContentLength, 0);
            if (length > MaxBodyBytes)
            {
                throw BodyTooLarge();
            }

            if (rest.Length < length)
            {
                return AwaitBody(buffer, completed, head, output, state);
            }

            body = rest.Slice(0, length);
            end = body.End;
        }

        state.ContinueSent = false;
        var close = head.Close || closing;
        var target = headBytes[head.Target];
        if (head.IsPost(headBytes) && RequestTarget.PathIs(target, "/payments"))
        {
            var answer = payments.Accept(headBytes[head.ContentType], body);
            if (answer.Status == StatusCodes.Status202Accepted)
            {
                ResponseWriter.Accepted(output, date.Current, close);
            }
            else
            {
                ResponseWriter.Write(output, answer.Status, date.Current, close, answer.Error, json: true, answer.RetryAfter);
            }

            return new Step(end, end, Request: true, Flush: true, Queued: answer.Queued, Close: close);
        }

        // The requests that come all day at fixed intervals are answered here too: through an HttpContext, their
        // code would reach the tier-up threshold minutes after start and recompile under traffic.
        if (head.IsGet(headBytes) && RequestTarget.PathIs(target, "/healthz"))
        {
            return Answered(output, operations.Health(), close, end);
        }

        if (head.IsPost(headBytes) && RequestTarget.PathIs(target, "/internal/health"))
        {
            return Answered(output, peer.ReceiveHealth(body), close, end);
        }

        return new Step(end, end, Request: true, Close: close, Fallback: FallbackRequest.Read(headBytes, head, body));
    }

    /// <summary>Writes an answer that is a status and a JSON body (or no body at all), and moves past the request.</summary>
    private Step Answered(IBufferWriter<byte> output, (int Status, byte[] Body) answer, bool close, SequencePosition end)
    {
        ResponseWriter.Write(output, answer.Status, date.Current, close, answer.Body, json: answer.Body.Length > 0);
        return new Step(end, end, Request: true, Flush: true, Close: close);
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

    private static WireException BodyTooLarge() => new(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {MaxBodyBytes} bytes");

    /// <summary>What the connection loop does after <see cref="Read"/>; <c>Request</c> when a whole request was read.</summary>
    private readonly record struct Step(
        SequencePosition Consumed,
        SequencePosition Examined,
        bool Request = false,
        bool Flush = false,
        bool Queued = false,
        bool Close = false,
        bool End = false,
        FallbackRequest? Fallback = null);
}
