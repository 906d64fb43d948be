namespace PayRelay.ProcessorEmulator;

/// <summary>The health limiter's answer: granted, or rejected with the time until the window resets.</summary>
internal readonly record struct HealthAdmission(bool Granted, TimeSpan RetryAfter)
{
    public static HealthAdmission Grant => new(true, TimeSpan.Zero);
}
