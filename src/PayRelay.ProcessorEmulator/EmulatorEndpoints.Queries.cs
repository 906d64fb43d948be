using System.Globalization;

namespace PayRelay.ProcessorEmulator;

public static partial class EmulatorEndpoints
{
    private const string WireTimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary><c>GET /payments/service-health</c> behind the shared fixed-window limiter.</summary>
    private static async Task GetHealthAsync(HttpContext context, EmulatorState state)
    {
        HealthAdmission admission;
        try
        {
            admission = await state.HealthLimiter.AcquireAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // The caller left while queued, or the host is stopping.
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        if (!admission.Granted)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(admission.RetryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await MessageAsync(context, StatusCodes.Status429TooManyRequests, "Too many health checks: one call per window.");
            return;
        }

        await WriteJsonAsync(context, StatusCodes.Status200OK,
            new Wire.HealthView(state.Failing, state.DelayMilliseconds), Wire.EmulatorJsonContext.Default.HealthView);
    }

    /// <summary><c>GET /payments/{id}</c>: 200 with the payment, 404 unknown, 400 not a UUID.</summary>
    private static Task GetPaymentAsync(HttpContext context, EmulatorState state)
    {
        if (!Guid.TryParse(context.Request.RouteValues["id"] as string, out var id))
        {
            return StatusOnlyAsync(context, StatusCodes.Status400BadRequest);
        }

        if (!state.TryGet(id, out var payment))
        {
            return StatusOnlyAsync(context, StatusCodes.Status404NotFound);
        }

        var view = new Wire.PaymentView(payment.CorrelationId, payment.Amount, FormatTimestamp(payment.RequestedAt));
        return WriteJsonAsync(context, StatusCodes.Status200OK, view, Wire.EmulatorJsonContext.Default.PaymentView);
    }

    internal static string FormatTimestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString(WireTimestampFormat, CultureInfo.InvariantCulture);
}
