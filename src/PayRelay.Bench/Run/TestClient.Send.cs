using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PayRelay.Bench.Run;

public sealed partial class TestClient
{
    /// <summary>The answer to one request: its status (0 when none came within the timeout) and parsed body.</summary>
    public readonly record struct Answer<T>(int Status, T? Body)
    {
        public bool TimedOut => Status == 0;
    }

    /// <summary>Sends, reads the whole answer, records the sample; never throws for a failed request.</summary>
    private async Task<Answer<T>> SendAsync<T>(HttpMessageInvoker invoker, HttpRequestMessage request, RequestKind kind, JsonTypeInfo<T>? bodyType, bool record, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var offset = _clock.Elapsed;
        var started = _time.GetTimestamp();
        var status = 0;
        var answered = 0;
        T? body = default;
        try
        {
            using var response = await invoker.SendAsync(request, linked.Token);
            answered = (int)response.StatusCode;
            if (bodyType is not null && response.IsSuccessStatusCode)
            {
                await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
                body = await JsonSerializer.DeserializeAsync(stream, bodyType, linked.Token);
            }
            else
            {
                await response.Content.CopyToAsync(Stream.Null, linked.Token);
            }

            // Only a complete answer counts: a timeout while reading the body is no answer.
            status = answered;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The client timeout: no answer, like k6's status 0.
        }
        catch (HttpRequestException)
        {
        }
        catch (JsonException)
        {
            // A 2xx with an unreadable body keeps its status and reads as no body.
            status = answered;
        }
        finally
        {
            request.Dispose();
        }

        if (record)
        {
            Log.Add(new RequestSample(offset, _time.GetElapsedTime(started), (short)status, kind));
        }

        return new Answer<T>(status, body);
    }
}
