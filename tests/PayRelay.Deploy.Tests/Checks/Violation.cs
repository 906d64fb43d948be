namespace PayRelay.Deploy.Tests.Checks;

/// <summary>One broken deployment rule: <see cref="Rule"/> is a stable id from <see cref="Rules"/>.</summary>
public sealed record Violation(string Rule, string Message)
{
    public override string ToString() => $"{Rule}: {Message}";
}
