using System.Text;

namespace PayRelay.Deploy.Tests.Checks;

/// <summary>One nginx directive: its name, its arguments (unquoted) and its block, if it has one.</summary>
public sealed record NginxDirective(string Name, IReadOnlyList<string> Args, IReadOnlyList<NginxDirective>? Block)
{
    public IEnumerable<NginxDirective> Children(string name) => (Block ?? []).Where(d => d.Name == name);

    public IEnumerable<NginxDirective> Descendants() => (Block ?? []).SelectMany(d => d.Descendants().Prepend(d));
}

/// <summary>
/// Reads nginx.conf into a directive tree: words, quoted strings (with nginx's backslash escapes),
/// ";" ends a directive, "{" "}" delimit a block, "#" starts a comment.
/// </summary>
public static class NginxConfig
{
    public static NginxDirective Parse(string text)
    {
        var tokens = Tokenize(text);
        var position = 0;
        var block = ParseBlock(tokens, ref position);
        return position == tokens.Count ? new NginxDirective("main", [], block) : throw new FormatException("nginx.conf: unbalanced '}'");
    }

    private static List<NginxDirective> ParseBlock(List<(string Text, bool Quoted)> tokens, ref int position)
    {
        var block = new List<NginxDirective>();
        while (position < tokens.Count && !(tokens[position] is ("}", false)))
        {
            var words = new List<string>();
            while (position < tokens.Count && !(tokens[position] is (";" or "{" or "}", false)))
            {
                words.Add(tokens[position++].Text);
            }

            if (position == tokens.Count || words.Count == 0 || tokens[position] is ("}", false))
            {
                throw new FormatException($"nginx.conf: directive '{string.Join(' ', words)}' is not terminated");
            }

            if (tokens[position++] is ("{", false))
            {
                var children = ParseBlock(tokens, ref position);
                position++;
                block.Add(new NginxDirective(words[0], words[1..], children));
            }
            else
            {
                block.Add(new NginxDirective(words[0], words[1..], null));
            }
        }

        return block;
    }

    private static List<(string Text, bool Quoted)> Tokenize(string text)
    {
        var tokens = new List<(string, bool)>();
        var word = new StringBuilder();
        void Flush()
        {
            if (word.Length > 0)
            {
                tokens.Add((word.ToString(), false));
                word.Clear();
            }
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '#' && word.Length == 0)
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (char.IsWhiteSpace(c))
            {
                Flush();
            }
            else if (c is ';' or '{' or '}')
            {
                Flush();
                tokens.Add((c.ToString(), false));
            }
            else if (c is '"' or '\'' && word.Length == 0)
            {
                var quoted = new StringBuilder();
                for (i++; i < text.Length && text[i] != c; i++)
                {
                    quoted.Append(text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\'' or '\\' ? text[++i] : text[i]);
                }

                tokens.Add((quoted.ToString(), true));
            }
            else
            {
                word.Append(c);
            }
        }

        Flush();
        return tokens;
    }
}
