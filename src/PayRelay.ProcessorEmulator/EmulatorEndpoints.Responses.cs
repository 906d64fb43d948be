using System.Text.Json.Serialization.Metadata;

namespace PayRelay.ProcessorEmulator;

public static partial class EmulatorEndpoints
{
    private static readonly byte[] ProcessedBody = "{\"message\":\"payment processed successfully\"}"u8.ToArray();

    private static Task WriteJsonAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> typeInfo)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(value, typeInfo, contentType: null, CancellationToken.None);
    }

    private static Task WriteBytesAsync(HttpContext context, int status, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        return response.BodyWriter.WriteAsync(body).AsTask();
    }

    private static Task StatusOnlyAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static Task MessageAsync(HttpContext context, int status, string message) =>
        WriteJsonAsync(context, status, new Wire.MessageView(message), Wire.EmulatorJsonContext.Default.MessageView);
}
