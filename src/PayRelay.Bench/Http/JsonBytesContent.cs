using System.Net;

namespace PayRelay.Bench.Http;

/// <summary>A JSON request body from bytes, its content type stored unparsed to spare allocations.</summary>
internal sealed class JsonBytesContent : HttpContent
{
    private readonly byte[] _bytes;

    public JsonBytesContent(byte[] bytes)
    {
        _bytes = bytes;
        Headers.TryAddWithoutValidation("Content-Type", "application/json");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(_bytes).AsTask();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(_bytes, cancellationToken).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = _bytes.Length;
        return true;
    }
}
