using System.IO.Pipelines;

namespace PayRelay.ProcessorEmulator;

public static partial class EmulatorEndpoints
{
    private const int MaxPaymentBodyBytes = 16 * 1024;

    /// <summary>
    /// <c>POST /payments</c> in the official order: admission (800 in flight, 500 queued), body
    /// binding (415/400), then the configured delay, then the failure switch, then the insert
    /// (200, or 422 for a known correlationId). With a cost model, the request share is spent once the
    /// body binds and the store share at the insert (see <see cref="Cost.ProcessorCost"/>).
    /// </summary>
    private static async Task PostPaymentAsync(HttpContext context, EmulatorState state, CancellationToken stopping)
    {
        var lease = state.PaymentGate.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            try
            {
                lease = await state.PaymentGate.AcquireAsync(1, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        using (lease)
        {
            if (!lease.IsAcquired)
            {
                await MessageAsync(context, StatusCodes.Status429TooManyRequests, "Too many payments in flight.");
                return;
            }

            await ProcessPaymentAsync(context, state, stopping);
        }
    }

    private static async Task ProcessPaymentAsync(HttpContext context, EmulatorState state, CancellationToken stopping)
    {
        if (!context.Request.HasJsonContentType())
        {
            await StatusOnlyAsync(context, StatusCodes.Status415UnsupportedMediaType);
            return;
        }

        var (bound, request) = await ReadPaymentAsync(context.Request.BodyReader, context.RequestAborted);
        if (bound != StatusCodes.Status200OK)
        {
            await StatusOnlyAsync(context, bound);
            return;
        }

        // The processor's own share of the cost model: parsing, routing and its database client, on the request path.
        state.SpendRequestShare();
        var delay = state.DelayMilliseconds;
        if (delay > 0)
        {
            // The client going away does not cancel the payment; only the host stopping does.
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(delay), state.Options.TimeProvider, stopping);
            }
            catch (OperationCanceledException)
            {
                context.Abort();
                return;
            }
        }

        if (state.Failing)
        {
            await StatusOnlyAsync(context, StatusCodes.Status500InternalServerError);
            return;
        }

        bool stored;
        try
        {
            stored = await state.StoreAsync(request, stopping);
        }
        catch (OperationCanceledException)
        {
            // The host stopped while the insert waited for a connection.
            context.Abort();
            return;
        }

        if (stored)
        {
            await WriteBytesAsync(context, StatusCodes.Status200OK, ProcessedBody);
            return;
        }

        await MessageAsync(context, StatusCodes.Status422UnprocessableEntity,
            $"Payment could not be processed. CorrelationId already exists: {request.CorrelationId}.");
    }

    /// <summary>Reads the whole body (up to a bound) and parses it; the status is 200 when it binds.</summary>
    private static async ValueTask<(int Status, PaymentRequest Request)> ReadPaymentAsync(PipeReader body, CancellationToken aborted)
    {
        ReadResult read;
        try
        {
            while (true)
            {
                read = await body.ReadAsync(aborted);
                if (read.Buffer.Length > MaxPaymentBodyBytes)
                {
                    body.AdvanceTo(read.Buffer.End);
                    return (StatusCodes.Status413PayloadTooLarge, default);
                }

                if (read.IsCompleted)
                {
                    break;
                }

                body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or BadHttpRequestException)
        {
            return (StatusCodes.Status400BadRequest, default);
        }

        var parsed = PaymentRequestReader.TryRead(read.Buffer, out var request);
        body.AdvanceTo(read.Buffer.End);
        return (parsed ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, request);
    }
}
