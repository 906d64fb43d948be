namespace PayRelay.Deploy.Tests.Checks;

/// <summary>The load balancer rules, read from haproxy.cfg.</summary>
public static class HaproxyRules
{
    /// <param name="text">haproxy.cfg.</param>
    /// <param name="environment">The balancer's environment, which the file's variables read.</param>
    /// <param name="expectedSockets">The instances' sockets.</param>
    /// <param name="instanceConnections">The fewest connections an instance serves (its MAX_CONNECTIONS).</param>
    public static IReadOnlyList<Violation> Check(
        string text, IReadOnlyDictionary<string, string> environment, IReadOnlySet<string> expectedSockets, int instanceConnections = ComposeRules.DefaultInstanceConnections)
    {
        var lines = HaproxyConfig.Parse(text, environment);
        var violations = new List<Violation>();
        bool Is(HaproxyLine line, params string[] words) => line.Words.Count >= words.Length && words.Select((w, i) => line.Words[i] == w).All(b => b);

        var servers = lines.Where(l => l.Section is "backend" or "listen" && Is(l, "server") && l.Words.Count > 2).ToList();
        var sockets = servers.Select(l => l.Words[2].StartsWith("unix@", StringComparison.Ordinal) ? l.Words[2][5..] : l.Words[2]).ToHashSet();
        if (!sockets.SetEquals(expectedSockets))
        {
            violations.Add(new(Rules.LbSockets, $"haproxy.cfg servers [{string.Join(", ", sockets)}] must be the instances' sockets [{string.Join(", ", expectedSockets)}]"));
        }

        var binds = lines.Where(l => l.Section is "frontend" or "listen" && Is(l, "bind") && l.Words.Count > 1).Select(l => l.Words[1]).ToList();
        if (!binds.Any(b => b.EndsWith($":{ComposeRules.BalancerPort}", StringComparison.Ordinal)))
        {
            violations.Add(new(Rules.LbPort, $"haproxy.cfg must listen on :{ComposeRules.BalancerPort} by default, binds [{string.Join(", ", binds)}]"));
        }

        var denies = lines.Where(l => l.Section is "frontend" or "listen" && Is(l, "http-request", "deny")).ToList();
        static bool Answers403(HaproxyLine l) => !l.Words.Contains("deny_status") || l.Words.SkipWhile(w => w != "deny_status").Skip(1).FirstOrDefault() == "403";
        if (!denies.Any(l => l.Raw.Contains("internal", StringComparison.OrdinalIgnoreCase) && Answers403(l)))
        {
            violations.Add(new(Rules.LbInternal, "haproxy.cfg must deny /internal/ paths with 403 (an http-request deny rule on the path)"));
        }

        var backends = servers.Select(l => l.SectionName).Distinct().ToList();
        bool InScope(HaproxyLine l) => l.Section == "defaults" || backends.Contains(l.SectionName) || l.Section == "frontend";
        var hashes = lines.Where(l => backends.Contains(l.SectionName) && Is(l, "balance", "hash") && l.Raw.Contains("correlationId", StringComparison.Ordinal)).ToList();
        var buffered = lines.Any(l => InScope(l) && Is(l, "option", "http-buffer-request"));
        if (hashes.Count == 0 || !buffered)
        {
            violations.Add(new(Rules.LbAffinity, "haproxy.cfg must route by the body's correlationId: option http-buffer-request and balance hash on req.body's correlationId"));
        }
        else if (!hashes.All(l => l.Words[2].EndsWith(",lower", StringComparison.Ordinal)))
        {
            // The hex digits' case does not change the id: upper and lower case must reach the same instance.
            violations.Add(new(Rules.LbAffinity, "haproxy.cfg must hash the correlationId lower-cased (balance hash req.body,json_query('$.correlationId'),lower)"));
        }

        var httpchk = lines.Any(l => InScope(l) && Is(l, "option", "httpchk"));
        var healthz = lines.Any(l => InScope(l) && (Is(l, "option", "httpchk") || Is(l, "http-check", "send")) && l.Words.Contains("/healthz"));
        var checkedServers = lines.Any(l => InScope(l) && (Is(l, "server") || Is(l, "default-server")) && l.Words.Contains("check"));
        if (!httpchk || !healthz || !checkedServers)
        {
            violations.Add(new(Rules.LbHealthCheck, "haproxy.cfg must check every instance with GET /healthz (option httpchk, /healthz, check)"));
        }

        // Each server's connection cap: on its own line, or on a default-server line of its backend or of defaults.
        int? Cap(HaproxyLine line) => line.Words.SkipWhile(w => w != "maxconn").Skip(1).FirstOrDefault() is { } value && int.TryParse(value, out var cap) ? cap : null;
        var defaultCap = lines.Where(l => l.Section == "defaults" && Is(l, "default-server")).Select(Cap).LastOrDefault(c => c is not null);
        foreach (var server in servers)
        {
            var cap = Cap(server) ?? lines.Where(l => l.SectionName == server.SectionName && Is(l, "default-server")).Select(Cap).LastOrDefault(c => c is not null) ?? defaultCap;
            if (cap is not { } value || value < 1 || value >= instanceConnections)
            {
                violations.Add(new(Rules.LbMaxConn, $"haproxy.cfg server {server.Words[1]} must cap its connections below the instance's {instanceConnections} (maxconn on the server or default-server), has {cap?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}"));
            }
        }

        if (lines.Any(l => l.Section is "global" or "defaults" or "frontend" or "listen" && (Is(l, "log") || Is(l, "option", "httplog"))))
        {
            violations.Add(new(Rules.LbLogging, "haproxy.cfg logs requests: nothing is logged per request"));
        }

        return violations;
    }
}
