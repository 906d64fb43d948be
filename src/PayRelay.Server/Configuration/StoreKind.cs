namespace PayRelay.Server.Configuration;

/// <summary>Where an instance keeps its payments (<c>STORE</c>).</summary>
public enum StoreKind
{
    /// <summary>In the instance itself; a deployment is one instance or a pair of peers.</summary>
    Embedded,

    /// <summary>
    /// In a PostgreSQL database shared by every instance (<c>POSTGRES_URL</c>): any number of instances, on any
    /// number of machines, one ledger.
    /// </summary>
    Postgres,
}
