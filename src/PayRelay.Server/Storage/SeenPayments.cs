namespace PayRelay.Server.Storage;

/// <summary>What the correlationId seen before says about a new offer of it.</summary>
public enum SeenResult
{
    New,
    SameAmount,
    OtherAmount,
}

/// <summary>
/// Every correlationId this store has taken since the last purge, with its amount in cents, so that a repeat is
/// processed once and a repeat with another amount is refused (409). Dictionaries under one lock: their entries
/// are structs in arrays (32 bytes a payment), where a ConcurrentDictionary allocates a node object per id that
/// the GC then walks for the process's life. Split in 64 so no dictionary's arrays reach the large-object heap,
/// where each resize would leave its old arrays as garbage until a full collection: at 100,000 ids one holds
/// about 1,600.
/// </summary>
public sealed class SeenPayments
{
    private readonly Dictionary<Guid, long>[] _shards = [.. Enumerable.Range(0, 64).Select(_ => new Dictionary<Guid, long>())];
    private readonly Lock _gate = new();

    /// <summary>Adds the id with its amount when it is new; otherwise says whether the amount matches.</summary>
    public SeenResult TryAdd(Guid correlationId, long amountCents)
    {
        lock (_gate)
        {
            var shard = Shard(correlationId);
            if (shard.TryGetValue(correlationId, out var known))
            {
                return known == amountCents ? SeenResult.SameAmount : SeenResult.OtherAmount;
            }

            shard.Add(correlationId, amountCents);
            return SeenResult.New;
        }
    }

    /// <summary>Says whether the id is held and with which amount, adding nothing (<see cref="SeenResult.New"/>: not held).</summary>
    public SeenResult Find(Guid correlationId, long amountCents)
    {
        lock (_gate)
        {
            return !Shard(correlationId).TryGetValue(correlationId, out var known) ? SeenResult.New
                : known == amountCents ? SeenResult.SameAmount : SeenResult.OtherAmount;
        }
    }

    /// <summary>Forgets one id: its payment was refused after all (no room, no durability).</summary>
    public void Remove(Guid correlationId)
    {
        lock (_gate)
        {
            Shard(correlationId).Remove(correlationId);
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                var count = 0;
                foreach (var shard in _shards)
                {
                    count += shard.Count;
                }

                return count;
            }
        }
    }

    /// <summary>Forgets every id (part of a purge) and gives the memory back.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            foreach (var shard in _shards)
            {
                shard.Clear();
                shard.TrimExcess();
            }
        }
    }

    /// <summary>Calls <paramref name="visit"/> for every id and amount, under the lock (a journal snapshot).</summary>
    public void ForEach<TState>(TState state, Action<TState, Guid, long> visit)
    {
        lock (_gate)
        {
            foreach (var shard in _shards)
            {
                foreach (var (id, cents) in shard)
                {
                    visit(state, id, cents);
                }
            }
        }
    }

    private Dictionary<Guid, long> Shard(Guid correlationId) => _shards[correlationId.GetHashCode() & (_shards.Length - 1)];
}
