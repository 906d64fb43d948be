namespace PayRelay.Deploy.Tests.Checks;

public static partial class ComposeRules
{
    /// <summary>
    /// Each instance journals accepted payments (issue #16): <c>JOURNAL_DIR</c> is set, not empty (empty means memory
    /// only), and is a named volume of its own, so the journal survives the container and no two instances write one.
    /// </summary>
    private static void CheckJournals(ComposeFile compose, List<Violation> violations)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instance in compose.Instances)
        {
            var directory = instance.Environment.GetValueOrDefault("JOURNAL_DIR");
            if (string.IsNullOrWhiteSpace(directory))
            {
                violations.Add(new(Rules.JournalVolume, $"{instance.Name}: JOURNAL_DIR must name the journal's directory (empty keeps payments in memory only)"));
                continue;
            }

            var volume = instance.Mounts.FirstOrDefault(m => m.Target == directory).Source;
            if (string.IsNullOrEmpty(volume) || volume.StartsWith('.') || volume.StartsWith('/') || compose.TopLevel("volumes", volume) is null)
            {
                violations.Add(new(Rules.JournalVolume, $"{instance.Name}: the journal directory {directory} must be a named volume declared under volumes"));
                continue;
            }

            if (!owners.TryAdd(volume, instance.Name))
            {
                violations.Add(new(Rules.JournalVolume, $"{instance.Name}: shares the journal volume {volume} with {owners[volume]}; each instance needs its own"));
            }
        }
    }
}
