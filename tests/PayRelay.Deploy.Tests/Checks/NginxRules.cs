namespace PayRelay.Deploy.Tests.Checks;

/// <summary>The load balancer rules, read from nginx.conf.</summary>
public static class NginxRules
{
    /// <summary>The canonical spelling of a correlationId as a regex: lower-case 8-4-4-4-12, nothing else.</summary>
    public const string CanonicalId = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    /// <param name="text">nginx.conf.</param>
    /// <param name="expectedSockets">The instances' sockets.</param>
    /// <param name="instanceConnections">The fewest connections an instance serves (its MAX_CONNECTIONS).</param>
    public static IReadOnlyList<Violation> Check(string text, IReadOnlySet<string> expectedSockets, int instanceConnections = ComposeRules.DefaultInstanceConnections)
    {
        var violations = new List<Violation>();
        var http = NginxConfig.Parse(text).Children("http").FirstOrDefault() ?? new NginxDirective("http", [], []);
        var upstreams = http.Children("upstream").ToList();
        var locations = http.Children("server").SelectMany(s => s.Descendants()).Where(d => d.Name == "location").ToList();

        var proxied = locations.SelectMany(l => l.Children("proxy_pass")).Select(p => p.Args.FirstOrDefault() ?? "").ToList();
        var upstream = upstreams.FirstOrDefault(u => u.Args.Count == 1 && proxied.Contains($"http://{u.Args[0]}"));
        var sockets = (upstream?.Children("server") ?? []).Select(s => s.Args.FirstOrDefault() ?? "")
            .Select(a => a.StartsWith("unix:", StringComparison.Ordinal) ? a[5..] : a).ToHashSet();
        if (upstream is null || !sockets.SetEquals(expectedSockets))
        {
            violations.Add(new(Rules.LbSockets, $"nginx.conf must proxy to an upstream of the instances' sockets [{string.Join(", ", expectedSockets)}], has [{string.Join(", ", sockets)}]"));
        }

        var listens = http.Children("server").SelectMany(s => s.Children("listen")).Select(l => l.Args.FirstOrDefault() ?? "").ToList();
        if (!listens.Any(l => l == ComposeRules.BalancerPort || l.EndsWith($":{ComposeRules.BalancerPort}", StringComparison.Ordinal)))
        {
            violations.Add(new(Rules.LbPort, $"nginx.conf must listen on {ComposeRules.BalancerPort}, listens on [{string.Join(", ", listens)}]"));
        }

        var denies = locations.Where(l => string.Join(' ', l.Args).Contains("internal", StringComparison.OrdinalIgnoreCase)
            && (l.Block ?? []).Any(d => d is { Name: "return", Args: ["403", ..] } or { Name: "deny", Args: ["all"] }));
        if (!denies.Any())
        {
            violations.Add(new(Rules.LbInternal, "nginx.conf must answer 403 to /internal/ paths (a location that returns 403)"));
        }

        var hashKey = upstream?.Children("hash").FirstOrDefault()?.Args.FirstOrDefault();
        var extractions = http.Children("map").Where(m => m.Args is ["$request_body", var target] && target == hashKey)
            .SelectMany(m => m.Block ?? []).Where(e => e.Name.Contains("correlationId", StringComparison.Ordinal)).ToList();
        if (extractions.Count == 0)
        {
            violations.Add(new(Rules.LbAffinity, "nginx.conf must route by the body's correlationId: hash on a map of $request_body that extracts it"));
        }
        else if (!extractions.All(e => e.Name.StartsWith('~') && !e.Name.StartsWith("~*", StringComparison.Ordinal) && e.Name.Contains(CanonicalId, StringComparison.Ordinal)))
        {
            // nginx can neither lower-case nor unescape: an id's other spellings would hash apart from the canonical
            // one, so they get no key at all (round-robin) and the instance checks them with its peer.
            violations.Add(new(Rules.LbAffinity, $"nginx.conf must hash only the canonical spelling of the correlationId: a case-sensitive regex capturing {CanonicalId}"));
        }

        var nextUpstream = locations.SelectMany(l => l.Children("proxy_next_upstream")).SelectMany(d => d.Args).ToHashSet();
        if (!nextUpstream.IsSupersetOf(["error", "http_503", "non_idempotent"]) || nextUpstream.Contains("timeout"))
        {
            violations.Add(new(Rules.LbHealthCheck, "nginx.conf must pass a refused or 503-answered payment to the other instance (proxy_next_upstream error http_503 non_idempotent), never a timed-out one"));
        }

        foreach (var server in upstream?.Children("server") ?? [])
        {
            // A 503 it retries elsewhere is also a failure nginx counts: with max_fails above 0, two 503s at once (a
            // draining instance, a full queue, two checks of one id meeting) leave no live upstream and every payment 502.
            if (!server.Args.Contains("max_fails=0"))
            {
                violations.Add(new(Rules.LbHealthCheck, $"nginx.conf server {server.Args.FirstOrDefault()} must never be taken out of the rotation for a 503 (max_fails=0)"));
            }

            var cap = server.Args.FirstOrDefault(a => a.StartsWith("max_conns=", StringComparison.Ordinal)) is { } setting
                && int.TryParse(setting["max_conns=".Length..], out var value) ? value : 0;
            if (cap < 1 || cap >= instanceConnections)
            {
                violations.Add(new(Rules.LbMaxConn, $"nginx.conf server {server.Args.FirstOrDefault()} must cap its connections below the instance's {instanceConnections} (max_conns=N), has {(cap == 0 ? "none" : cap)}"));
            }
        }

        if (!http.Children("access_log").Any(d => d.Args is ["off"]))
        {
            violations.Add(new(Rules.LbLogging, "nginx.conf must not log requests (access_log off)"));
        }

        return violations;
    }
}
