namespace PayRelay.ProcessorEmulator;

/// <summary>
/// Maps the official processor's API onto a <see cref="WebApplication"/>. The executable and
/// <see cref="EmulatorHost"/> both call this, so they serve the same thing.
/// </summary>
public static partial class EmulatorEndpoints
{
    /// <summary>Maps every endpoint of the processor onto <paramref name="app"/>, backed by <paramref name="state"/>.</summary>
    public static WebApplication MapEmulator(this WebApplication app, EmulatorState state)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(state);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PayRelay.ProcessorEmulator");
        var stopping = app.Lifetime.ApplicationStopping;

        // Waiters for a later health window or a payment permit must not hold the shutdown up.
        stopping.Register(static s => ((EmulatorState)s!).HealthLimiter.Dispose(), state);

        app.MapPost("/payments", context => PostPaymentAsync(context, state, stopping));
        app.MapGet("/payments/service-health", context => GetHealthAsync(context, state));
        app.MapGet("/payments/{id}", context => GetPaymentAsync(context, state));
        MapAdmin(app, state, logger);
        return app;
    }
}
