using PayRelay.LocalPostgres;

namespace PayRelay.Bench.Up;

/// <summary>
/// The PostgreSQL cluster of <c>up --store postgres</c>: a <see cref="LocalCluster"/> from Debian's package in the run
/// directory, listening only on a unix socket there, durable as a deployment would be (the test fixture,
/// <c>PayRelay.Testing.PostgresCluster</c>, starts the same cluster without syncing to disk).
/// </summary>
public static class LocalPostgres
{
    /// <summary>Only names the socket file (<c>.s.PGSQL.25432</c>).</summary>
    public const int SocketPort = 25432;

    /// <summary>The database the instances share (the cluster's first).</summary>
    public const string Database = "postgres";

    /// <summary>Creates and starts a cluster in <paramref name="directory"/> (created here).</summary>
    public static Task<LocalCluster> StartAsync(string directory, CancellationToken cancellationToken)
    {
        var bin = LocalCluster.FindBin() ?? throw new InvalidOperationException("--store postgres needs Debian's postgresql package: sudo apt-get install postgresql (or scripts/install-deps.sh)");
        return LocalCluster.StartAsync(bin, directory, SocketPort, durable: true, cancellationToken: cancellationToken);
    }
}
