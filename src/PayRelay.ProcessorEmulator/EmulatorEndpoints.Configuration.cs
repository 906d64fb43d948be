using PayRelay.ProcessorEmulator.Wire;

namespace PayRelay.ProcessorEmulator;

public static partial class EmulatorEndpoints
{
    private static async Task PutDelayAsync(HttpContext context, EmulatorState state, ILogger logger)
    {
        var request = await ReadAdminBodyAsync(context, EmulatorJsonContext.Default.DelayRequest);
        if (request is null)
        {
            return;
        }

        if (request.Delay is not { } delay || delay < 0)
        {
            await MessageAsync(context, StatusCodes.Status400BadRequest, "delay must be a non-negative number of milliseconds.");
            return;
        }

        var was = state.DelayMilliseconds;
        state.DelayMilliseconds = delay;
        EmulatorLog.DelayChanged(logger, was, delay);
        await WriteJsonAsync(context, StatusCodes.Status200OK, new ConfigChange<int>("delay", was, delay),
            EmulatorJsonContext.Default.DelayChange);
    }

    private static async Task PutFailureAsync(HttpContext context, EmulatorState state, ILogger logger)
    {
        var request = await ReadAdminBodyAsync(context, EmulatorJsonContext.Default.FailureRequest);
        if (request is null)
        {
            return;
        }

        if (request.Failure is not { } failure)
        {
            await MessageAsync(context, StatusCodes.Status400BadRequest, "failure must be true or false.");
            return;
        }

        var was = state.Failing;
        state.Failing = failure;
        EmulatorLog.FailureChanged(logger, was, failure);
        await WriteJsonAsync(context, StatusCodes.Status200OK, new ConfigChange<bool>("failure", was, failure),
            EmulatorJsonContext.Default.FailureChange);
    }

    private static async Task PutTokenAsync(HttpContext context, EmulatorState state, ILogger logger)
    {
        var request = await ReadAdminBodyAsync(context, EmulatorJsonContext.Default.TokenRequest);
        if (request is null)
        {
            return;
        }

        if (string.IsNullOrEmpty(request.Token))
        {
            await MessageAsync(context, StatusCodes.Status400BadRequest, "token must be a non-empty string.");
            return;
        }

        state.Token = request.Token;
        EmulatorLog.TokenChanged(logger);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
