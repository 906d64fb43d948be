using System.IO.Pipelines;
using PayRelay.Server.Dispatch;

namespace PayRelay.Server.Http;

/// <summary>
/// <c>POST /payments</c>: validate, enqueue, answer 202 with no body. Nothing here waits for a processor.
/// A repeated correlationId is answered 202 as well and processed once.
/// </summary>
public sealed class PaymentsEndpoint(PaymentIntake intake)
{
    /// <summary>Bodies are about 70 bytes; anything past a few KB is not a payment.</summary>
    public const int MaxBodyBytes = 4096;

    private const string TooLarge = "the body is larger than 4096 bytes";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!IsJson(request.ContentType))
        {
            await Responses.Error(context, StatusCodes.Status415UnsupportedMediaType, "Content-Type must be application/json");
            return;
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            await Responses.Error(context, StatusCodes.Status413PayloadTooLarge, TooLarge);
            return;
        }

        var parsed = await ReadAsync(request.BodyReader);
        if (!parsed.IsValid)
        {
            var status = parsed.Error == TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
            await Responses.Error(context, status, parsed.Error!);
            return;
        }

        switch (intake.Offer(parsed.CorrelationId, parsed.AmountCents))
        {
            case IntakeResult.Accepted:
                // The 202 goes out before the dispatcher is rung, which may start the attempt on this thread.
                await Responses.Empty(context, StatusCodes.Status202Accepted);
                await context.Response.CompleteAsync();
                intake.Announce();
                break;
            case IntakeResult.Duplicate:
                await Responses.Empty(context, StatusCodes.Status202Accepted);
                break;
            case IntakeResult.QueueFull:
                context.Response.Headers.RetryAfter = "1";
                await Responses.Error(context, StatusCodes.Status503ServiceUnavailable, "the payment queue is full");
                break;
            default:
                context.Response.Headers.RetryAfter = "1";
                await Responses.Error(context, StatusCodes.Status503ServiceUnavailable, "this instance is shutting down");
                break;
        }
    }

    private static async Task<PaymentRequest> ReadAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            var buffer = result.Buffer;
            if (buffer.Length > MaxBodyBytes)
            {
                reader.AdvanceTo(buffer.End);
                return new PaymentRequest(Guid.Empty, 0, TooLarge);
            }

            if (result.IsCompleted)
            {
                var parsed = PaymentRequest.Parse(buffer);
                reader.AdvanceTo(buffer.End);
                return parsed;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>application/json, optionally followed by parameters such as a charset; checked without allocating.</summary>
    public static bool IsJson(string? contentType)
    {
        const string json = "application/json";
        if (contentType is null || !contentType.StartsWith(json, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = contentType.AsSpan(json.Length).TrimStart(' ');
        return rest.IsEmpty || rest[0] == ';';
    }
}
