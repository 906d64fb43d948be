namespace PayRelay.Bench.Tests.Support;

/// <summary>
/// The tests that put real load on the machine run one at a time: on 2 cores, two of them at once
/// would measure each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LoadCollection
{
    public const string Name = "load";
}
