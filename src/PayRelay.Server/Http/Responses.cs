using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PayRelay.Server.Http;

/// <summary>Writes the few response shapes the server has; constant bodies are bytes, built once.</summary>
internal static class Responses
{
    public static readonly byte[] Purged = "{\"message\":\"payments purged\"}"u8.ToArray();

    public static Task Empty(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    public static Task Bytes(HttpContext context, int status, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    /// <summary>A short JSON error: <c>{"error": "..."}</c>.</summary>
    public static Task Error(HttpContext context, int status, string message) => Bytes(context, status, ErrorBody(message));

    /// <summary>The bytes of <c>{"error": "..."}</c>.</summary>
    public static byte[] ErrorBody(string message)
    {
        var buffer = new MemoryStream(64 + message.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("error"u8, message);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Client text quoted in an error, cut to <paramref name="max"/> characters with a note of its length: an error
    /// names what it refused without echoing back whatever a client sent.
    /// </summary>
    public static string Clip(string text, int max = 32) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max), $"… ({text.Length} characters)");

    public static Task Json<T>(HttpContext context, int status, T value, JsonTypeInfo<T> type)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(value, type);
        return Bytes(context, status, body);
    }
}
