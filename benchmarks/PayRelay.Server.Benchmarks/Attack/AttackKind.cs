namespace PayRelay.Server.Benchmarks.Attack;

/// <summary>What each of an attack's connections does.</summary>
public enum AttackKind
{
    /// <summary>The head of a 60 KB <c>POST /payments</c> and its first 16 KB, then nothing (the probe of issue 17).</summary>
    Stalled,

    /// <summary>One <c>GET /healthz</c>, its answer read, then nothing: a kept-alive connection left idle.</summary>
    Idle,

    /// <summary>A request head that never ends: a 1 KB header line every 250 ms.</summary>
    Slowloris,
}
