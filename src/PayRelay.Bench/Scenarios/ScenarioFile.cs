using System.Text.Json;

namespace PayRelay.Bench.Scenarios;

/// <summary>
/// A scenario described in JSON, for timelines other than the two official ones. Omitted fields take
/// the preview's values; see docs/bench.md for an example.
/// </summary>
public static class ScenarioFile
{
    public static Scenario Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream, Path.GetFileNameWithoutExtension(path));
    }

    public static Scenario Parse(Stream json, string fallbackName)
    {
        ScenarioDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, ScenarioJsonContext.Default.ScenarioDocument);
        }
        catch (JsonException e)
        {
            throw new FormatException($"scenario file: {e.Message}", e);
        }

        return document is null ? throw new FormatException("scenario file: empty document") : ToScenario(document, fallbackName);
    }

    private static Scenario ToScenario(ScenarioDocument d, string fallbackName)
    {
        var preview = BuiltInScenarios.Preview;
        var duration = Seconds(d.DurationSeconds, preview.Duration, "durationSeconds");
        if (d.MaxUsers is not null && d.ConstantUsers is not null)
        {
            throw new FormatException("scenario file: give maxUsers (a ramp from 1) or constantUsers (all of them from the start), not both");
        }

        var maxUsers = d.ConstantUsers ?? d.MaxUsers ?? preview.MaxUsers;
        if (maxUsers < 1)
        {
            throw new FormatException($"scenario file: {(d.ConstantUsers is null ? "maxUsers" : "constantUsers")} must be at least 1");
        }

        var amount = d.Amount ?? preview.Amount;
        if (amount <= 0)
        {
            throw new FormatException("scenario file: amount must be positive");
        }

        var stages = new List<Stage>();
        foreach (var s in d.Stages ?? [])
        {
            var at = Seconds(s.AtSeconds, TimeSpan.Zero, "stages[].atSeconds");
            stages.Add(new Stage(at, Processor(s.Default), Processor(s.Fallback)));
        }

        stages.Sort((a, b) => a.At.CompareTo(b.At));
        var consistency = d.Consistency ?? new ConsistencyDocument();
        return new Scenario
        {
            Name = d.Name ?? fallbackName,
            Duration = duration,
            MaxUsers = maxUsers,
            Amount = amount,
            DefaultFee = d.Fees?.Default ?? preview.DefaultFee,
            FallbackFee = d.Fees?.Fallback ?? preview.FallbackFee,
            Stages = stages,
            MoneySource = d.MoneySource switch
            {
                null or "backend" => MoneySource.BackendSummary,
                "processors" => MoneySource.ProcessorSummaries,
                var other => throw new FormatException($"scenario file: moneySource '{other}' is neither 'backend' nor 'processors'"),
            },
            TeardownWindow = Seconds(d.TeardownWindowSeconds, duration + TimeSpan.FromSeconds(10), "teardownWindowSeconds"),
            ConsistencyInterval = Seconds(consistency.IntervalSeconds, preview.ConsistencyInterval, "consistency.intervalSeconds"),
            ConsistencyLookback = Seconds(consistency.LookbackSeconds, preview.ConsistencyLookback, "consistency.lookbackSeconds"),
            ConsistencyMargin = consistency.MarginMilliseconds is { } margin
                ? TimeSpan.FromMilliseconds(margin)
                : preview.ConsistencyMargin,
            ConstantUsers = d.ConstantUsers is not null,
            Faults = ScenarioFaults.Parse(d.Faults, duration),
            SettleDeadline = Seconds(d.SettleSeconds, preview.SettleDeadline, "settleSeconds"),
        };
    }

    private static ProcessorStage Processor(ProcessorStageDocument? p) =>
        p is null ? new ProcessorStage(0, false) : new ProcessorStage(
            p.Delay is >= 0 and var delay ? delay : throw new FormatException("scenario file: a delay must be zero or more milliseconds"),
            p.Failure);

    internal static TimeSpan Seconds(double? value, TimeSpan fallback, string field) => value switch
    {
        null => fallback,
        >= 0 and var v when !double.IsInfinity(v) => TimeSpan.FromSeconds(v),
        _ => throw new FormatException($"scenario file: {field} must be zero or more seconds"),
    };
}
