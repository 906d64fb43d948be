using System.Buffers;
using System.Text;

namespace PayRelay.Server.Http.Wire;

internal readonly partial struct RequestHead
{
    /// <summary>The characters RFC 3986 allows in a URI, less '#' (a fragment is never sent): nothing else is read as a target.</summary>
    private static readonly SearchValues<byte> UriChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?%[]"u8);

    /// <summary>The characters of <c>uri-host [ ":" port ]</c> (RFC 3986: reg-name, IP literals, percent-encoding).</summary>
    private static readonly SearchValues<byte> HostChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:%[]"u8);

    private static readonly SearchValues<byte> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    private static bool IsToken(ReadOnlySpan<byte> text) => !text.IsEmpty && !text.ContainsAnyExcept(TokenChars);

    /// <summary>
    /// <c>method SP request-target SP HTTP-version</c> (RFC 9112 §3). The target is origin-form (<c>/path?query</c>)
    /// or absolute-form (<c>http://host/path?query</c>, which a server must accept, §3.2.2); asterisk-form is for
    /// <c>OPTIONS</c>, which PayRelay does not implement. The version is <c>HTTP/1.0</c>, or <c>HTTP/1.1</c> or a
    /// later 1.x minor version, read as 1.1 (RFC 9110 §2.5).
    /// </summary>
    private static (Range Method, Range Target, bool Http10) ParseRequestLine(ReadOnlySpan<byte> line)
    {
        var firstSpace = line.IndexOf((byte)' ');
        var lastSpace = line.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace + 1 || !IsToken(line[..firstSpace]))
        {
            throw new WireException(400, "malformed request line");
        }

        var http10 = Version(line[(lastSpace + 1)..]);
        var targetStart = firstSpace + 1;
        var target = line[targetStart..lastSpace];
        if (target.ContainsAnyExcept(UriChars))
        {
            throw new WireException(400, "the request target holds a character a URI cannot");
        }

        if (target[0] != '/')
        {
            targetStart += AbsoluteFormPath(line[..firstSpace], target);
        }

        return (new Range(0, firstSpace), new Range(targetStart, lastSpace), http10);
    }

    /// <summary>True for HTTP/1.0; false for HTTP/1.1 and later 1.x. Another major version gets a 505.</summary>
    private static bool Version(ReadOnlySpan<byte> version)
    {
        if (version.Length != 8 || !version.StartsWith("HTTP/"u8) || !char.IsAsciiDigit((char)version[5]) || version[6] != '.' || !char.IsAsciiDigit((char)version[7]))
        {
            throw new WireException(400, "malformed request line");
        }

        if (version[5] != '1')
        {
            throw new WireException(505, "only HTTP/1.1 and HTTP/1.0 are served");
        }

        return version[7] == '0';
    }

    /// <summary>
    /// Where the path of an absolute-form target starts (RFC 9112 §3.2.2): after <c>http://</c> or <c>https://</c>
    /// and a host. Its Host header is then ignored in favour of the target's, as the RFC asks; only its path routes.
    /// </summary>
    private static int AbsoluteFormPath(ReadOnlySpan<byte> method, ReadOnlySpan<byte> target)
    {
        if (target.SequenceEqual("*"u8))
        {
            throw method.SequenceEqual("OPTIONS"u8)
                ? new WireException(501, "OPTIONS is not implemented")
                : new WireException(400, "only OPTIONS takes the target *");
        }

        var schemeEnd = target.IndexOf("://"u8);
        var scheme = schemeEnd < 0 ? [] : target[..schemeEnd];
        if (!Ascii.EqualsIgnoreCase(scheme, "http"u8) && !Ascii.EqualsIgnoreCase(scheme, "https"u8))
        {
            throw new WireException(400, "the request target must be a path or an http URI");
        }

        var authorityStart = schemeEnd + 3;
        var authorityLength = target[authorityStart..].IndexOfAny((byte)'/', (byte)'?');
        var authority = authorityLength < 0 ? target[authorityStart..] : target.Slice(authorityStart, authorityLength);
        if (authority.IsEmpty || authority.ContainsAnyExcept(HostChars))
        {
            // An http URI has a host, and no userinfo (RFC 9110 §4.2.1, §4.2.4).
            throw new WireException(400, "the request target's host is empty or malformed");
        }

        return authorityStart + authority.Length;
    }
}
