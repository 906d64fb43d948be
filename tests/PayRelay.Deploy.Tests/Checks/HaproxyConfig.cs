using System.Text;

namespace PayRelay.Deploy.Tests.Checks;

/// <summary>One directive of haproxy.cfg, its words unquoted and environment variables expanded.</summary>
public sealed record HaproxyLine(string Section, string SectionName, IReadOnlyList<string> Words, string Raw);

/// <summary>
/// Reads haproxy.cfg the way HAProxy does for what the rules need: sections, words split on
/// blanks, "#" comments, single quotes literal, double quotes and bare words with
/// <c>${NAME}</c> and <c>${NAME-default}</c> expanded from the given environment.
/// </summary>
public static class HaproxyConfig
{
    private static readonly string[] SectionKeywords = ["global", "defaults", "frontend", "backend", "listen", "peers", "resolvers", "userlist", "cache", "program", "ring", "http-errors", "mailers"];

    public static IReadOnlyList<HaproxyLine> Parse(string text, IReadOnlyDictionary<string, string> environment)
    {
        var lines = new List<HaproxyLine>();
        var (section, sectionName) = ("", "");
        foreach (var raw in text.Split('\n'))
        {
            var words = Split(raw, environment);
            if (words.Count == 0)
            {
                continue;
            }

            if (SectionKeywords.Contains(words[0]))
            {
                (section, sectionName) = (words[0], words.Count > 1 ? words[1] : "");
                continue;
            }

            lines.Add(new HaproxyLine(section, sectionName, words, raw.Trim()));
        }

        return lines;
    }

    private static List<string> Split(string line, IReadOnlyDictionary<string, string> environment)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '#' || char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                if (c == '#')
                {
                    break;
                }

                continue;
            }

            inWord = true;
            if (c == '\'')
            {
                var end = line.IndexOf('\'', i + 1);
                end = end < 0 ? line.Length : end;
                word.Append(line, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '"')
            {
                var end = line.IndexOf('"', i + 1);
                end = end < 0 ? line.Length : end;
                word.Append(Expand(line[(i + 1)..end], environment));
                i = end;
            }
            else if (c == '$' && i + 1 < line.Length && line[i + 1] == '{' && line.IndexOf('}', i) is var close and > 0)
            {
                word.Append(Expand(line[i..(close + 1)], environment));
                i = close;
            }
            else
            {
                word.Append(c == '\\' && i + 1 < line.Length ? line[++i] : c);
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    private static string Expand(string text, IReadOnlyDictionary<string, string> environment)
    {
        var result = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var start = text.IndexOf("${", i, StringComparison.Ordinal);
            var close = start < 0 ? -1 : text.IndexOf('}', start);
            if (close < 0)
            {
                result.Append(text, i, text.Length - i);
                break;
            }

            result.Append(text, i, start - i);
            var expression = text[(start + 2)..close];
            var dash = expression.IndexOf('-', StringComparison.Ordinal);
            var name = dash < 0 ? expression : expression[..dash];
            result.Append(environment.TryGetValue(name, out var value) ? value : dash < 0 ? "" : expression[(dash + 1)..]);
            i = close + 1;
        }

        return result.ToString();
    }
}
