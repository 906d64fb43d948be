using System.Text;

namespace PayRelay.Server.Http.Wire;

/// <summary>The path and query of an origin-form request target, read the way Kestrel reads them.</summary>
internal static class RequestTarget
{
    /// <summary>The path part of the target, still encoded.</summary>
    public static ReadOnlySpan<byte> RawPath(ReadOnlySpan<byte> target)
    {
        var query = target.IndexOf((byte)'?');
        return query < 0 ? target : target[..query];
    }

    /// <summary>The query string with its leading '?', or empty.</summary>
    public static string Query(ReadOnlySpan<byte> target)
    {
        var query = target.IndexOf((byte)'?');
        return query < 0 ? string.Empty : Encoding.Latin1.GetString(target[query..]);
    }

    /// <summary>True when the path is <paramref name="expected"/> once percent-decoded and rid of dot segments.</summary>
    public static bool PathIs(ReadOnlySpan<byte> target, string expected)
    {
        var raw = RawPath(target);
        if (!raw.Contains((byte)'%') && raw.IndexOf("/."u8) < 0)
        {
            return raw.Length == expected.Length && Ascii.Equals(raw, expected);
        }

        return Path(target) == expected;
    }

    /// <summary>
    /// The decoded path: percent-escapes decoded (an encoded '/' stays encoded, so it cannot split a segment)
    /// and "." and ".." segments removed.
    /// </summary>
    public static string Path(ReadOnlySpan<byte> target)
    {
        var decoded = PathString.FromUriComponent(Encoding.Latin1.GetString(RawPath(target))).Value ?? "/";
        return decoded.Contains("/.", StringComparison.Ordinal) ? RemoveDotSegments(decoded) : decoded;
    }

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
