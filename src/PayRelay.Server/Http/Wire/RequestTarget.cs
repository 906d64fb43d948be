using System.Text;
using System.Text.Unicode;

namespace PayRelay.Server.Http.Wire;

/// <summary>
/// The path and query of a request target, read the way Kestrel reads them, but strictly: a malformed
/// percent-escape, an escaped control character (<c>%00</c> among them) or escapes that are not UTF-8 make the
/// request a 400, so no handler ever sees such a path.
/// </summary>
internal static class RequestTarget
{
    /// <summary>The path part of the target, still encoded (empty for an absolute-form target with no path).</summary>
    public static ReadOnlySpan<byte> RawPath(ReadOnlySpan<byte> target)
    {
        var query = target.IndexOf((byte)'?');
        return query < 0 ? target : target[..query];
    }

    /// <summary>The query string with its leading '?', or empty.</summary>
    public static string Query(ReadOnlySpan<byte> target)
    {
        var query = target.IndexOf((byte)'?');
        return query < 0 ? string.Empty : Encoding.ASCII.GetString(target[query..]);
    }

    /// <summary>True when the path is <paramref name="expected"/> once percent-decoded and rid of dot segments.</summary>
    public static bool PathIs(ReadOnlySpan<byte> target, string expected)
    {
        var raw = RawPath(target);
        if (!raw.IsEmpty && !raw.Contains((byte)'%') && raw.IndexOf("/."u8) < 0)
        {
            return raw.Length == expected.Length && Ascii.Equals(raw, expected);
        }

        return Path(target) == expected;
    }

    /// <summary>
    /// The decoded path: percent-escapes decoded as UTF-8 (an encoded '/' stays encoded, so it cannot split a
    /// segment) and "." and ".." segments removed. A path that cannot be decoded is a <see cref="WireException"/> (400).
    /// </summary>
    public static string Path(ReadOnlySpan<byte> target)
    {
        var raw = RawPath(target);
        if (raw.IsEmpty)
        {
            return "/";
        }

        var decoded = raw.Contains((byte)'%') ? Decode(raw) : Encoding.ASCII.GetString(raw);
        return decoded.Contains("/.", StringComparison.Ordinal) ? RemoveDotSegments(decoded) : decoded;
    }

    private static string Decode(ReadOnlySpan<byte> raw)
    {
        var bytes = new byte[raw.Length];
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '%')
            {
                bytes[length++] = raw[i];
                continue;
            }

            if (i + 2 >= raw.Length || !char.IsAsciiHexDigit((char)raw[i + 1]) || !char.IsAsciiHexDigit((char)raw[i + 2]))
            {
                throw new WireException(400, "the path holds a malformed percent-escape");
            }

            var value = (byte)((HexValue(raw[i + 1]) << 4) | HexValue(raw[i + 2]));
            if (value < 0x20 || value == 0x7F)
            {
                throw new WireException(400, "the path holds an escaped control character");
            }

            if (value == '/')
            {
                raw.Slice(i, 3).CopyTo(bytes.AsSpan(length));
                length += 3;
            }
            else
            {
                bytes[length++] = value;
            }

            i += 2;
        }

        var path = bytes.AsSpan(0, length);
        if (!Utf8.IsValid(path))
        {
            throw new WireException(400, "the path's escapes are not UTF-8");
        }

        return Encoding.UTF8.GetString(path);
    }

    private static int HexValue(byte digit) => digit <= '9' ? digit - '0' : (digit | 0x20) - 'a' + 10;

    private static string RemoveDotSegments(string path)
    {
        var segments = new List<string>();
        var parts = path.Split('/');
        for (var i = 1; i < parts.Length; i++)
        {
            var last = i == parts.Length - 1;
            switch (parts[i])
            {
                case ".":
                    if (last)
                    {
                        segments.Add(string.Empty);
                    }

                    break;
                case "..":
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }

                    if (last)
                    {
                        segments.Add(string.Empty);
                    }

                    break;
                default:
                    segments.Add(parts[i]);
                    break;
            }
        }

        return "/" + string.Join('/', segments);
    }
}
