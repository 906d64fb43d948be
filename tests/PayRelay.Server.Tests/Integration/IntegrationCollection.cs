namespace PayRelay.Server.Tests.Integration;

/// <summary>
/// The integration scenarios run one at a time: each starts two instances and two processors, and their
/// timeouts and probe intervals are short, so they must not compete with each other for two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IntegrationCollection
{
    public const string Name = "Integration";
}
