using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PayRelay.ProcessorEmulator.Wire;

namespace PayRelay.ProcessorEmulator;

public static partial class EmulatorEndpoints
{
    private const string TokenHeader = "X-Rinha-Token";

    private static void MapAdmin(WebApplication app, EmulatorState state, ILogger logger)
    {
        app.MapGet("/admin/payments-summary", Authorized(state, context => GetSummaryAsync(context, state)));
        app.MapPut("/admin/configurations/delay", Authorized(state, context => PutDelayAsync(context, state, logger)));
        app.MapPut("/admin/configurations/failure", Authorized(state, context => PutFailureAsync(context, state, logger)));
        app.MapPut("/admin/configurations/token", Authorized(state, context => PutTokenAsync(context, state, logger)));
        app.MapPost("/admin/purge-payments", Authorized(state, context =>
        {
            EmulatorLog.Purged(logger, state.PurgeAndCount());
            return MessageAsync(context, StatusCodes.Status200OK, "All payments purged.");
        }));
    }

    /// <summary>Every admin endpoint answers 401 unless <c>X-Rinha-Token</c> carries the current token.</summary>
    private static RequestDelegate Authorized(EmulatorState state, RequestDelegate handler) => context =>
        string.Equals(context.Request.Headers[TokenHeader], state.Token, StringComparison.Ordinal)
            ? handler(context)
            : StatusOnlyAsync(context, StatusCodes.Status401Unauthorized);

    private static Task GetSummaryAsync(HttpContext context, EmulatorState state)
    {
        if (!TryParseBound(context, "from", out var from) || !TryParseBound(context, "to", out var to))
        {
            return StatusOnlyAsync(context, StatusCodes.Status400BadRequest);
        }

        var summary = state.GetSummary(from, to);
        var view = new SummaryView(summary.TotalRequests, summary.TotalAmount, summary.TotalFee, summary.FeePerTransaction);
        return WriteJsonAsync(context, StatusCodes.Status200OK, view, EmulatorJsonContext.Default.SummaryView);
    }

    private static bool TryParseBound(HttpContext context, string name, out DateTimeOffset? bound)
    {
        bound = null;
        var text = context.Request.Query[name].ToString();
        if (text.Length == 0)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }

        bound = parsed;
        return true;
    }

    /// <summary>Reads an admin body: 415 unless JSON, 400 when malformed; null means the answer is written.</summary>
    private static async Task<T?> ReadAdminBodyAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (!context.Request.HasJsonContentType())
        {
            await StatusOnlyAsync(context, StatusCodes.Status415UnsupportedMediaType);
            return null;
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync(context.Request.Body, typeInfo, context.RequestAborted);
            if (body is null)
            {
                await StatusOnlyAsync(context, StatusCodes.Status400BadRequest);
            }

            return body;
        }
        catch (JsonException)
        {
            await StatusOnlyAsync(context, StatusCodes.Status400BadRequest);
            return null;
        }
    }
}
