namespace PayRelay.Bench.Http;

/// <summary>
/// Where a service answers: a TCP base address, or a unix socket written the Kestrel way
/// (<c>http://unix:/path/api1.sock</c>), which requests then reach through <c>http://localhost/</c>.
/// </summary>
public sealed record ServiceEndpoint(Uri BaseAddress, string? UnixSocketPath)
{
    private const string UnixPrefix = "http://unix:";

    public static ServiceEndpoint Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        text = text.Trim();
        if (text.StartsWith(UnixPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var path = text[UnixPrefix.Length..];
            return path.StartsWith('/')
                ? new ServiceEndpoint(new Uri("http://localhost/"), path)
                : throw new FormatException($"'{text}': a unix socket path must be absolute");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new FormatException($"'{text}' is not an http:// URL");
        }

        var withSlash = uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
        return new ServiceEndpoint(withSlash, null);
    }

    public Uri Resolve(string relative) => new(BaseAddress, relative);

    public override string ToString() => UnixSocketPath is null ? BaseAddress.AbsoluteUri.TrimEnd('/') : UnixPrefix + UnixSocketPath;
}
