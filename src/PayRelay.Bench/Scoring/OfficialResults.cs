using System.Globalization;
using System.Text.Json.Serialization;

namespace PayRelay.Bench.Scoring;

/// <summary>
/// The results file with the keys of the official one (<c>partial-results.json</c> /
/// <c>final-results.json</c>), so tools that read the official file read this one.
/// </summary>
public sealed class OfficialResults
{
    [JsonPropertyName("timestamp")] public required string Timestamp { get; init; }
    [JsonPropertyName("participante")] public required string Participant { get; init; }
    [JsonPropertyName("total_liquido")] public required decimal NetTotal { get; init; }
    [JsonPropertyName("total_bruto")] public required decimal GrossTotal { get; init; }
    [JsonPropertyName("total_taxas")] public required decimal FeeTotal { get; init; }
    [JsonPropertyName("descricao")] public string Description { get; init; } = "total_liquido is the score: (total_bruto - total_taxas) x (1 + p99.bonus - multa.porcentagem).";
    [JsonPropertyName("p99")] public required P99Section P99 { get; init; }
    [JsonPropertyName("multa")] public required FineSection Fine { get; init; }
    [JsonPropertyName("caixa_dois")] public required SlushFundSection SlushFund { get; init; }
    [JsonPropertyName("lag")] public required LagSection Lag { get; init; }
    [JsonPropertyName("pagamentos_solicitados")] public required RequestedSection Requested { get; init; }
    [JsonPropertyName("pagamentos_realizados_default")] public required ProcessedSection Default { get; init; }
    [JsonPropertyName("pagamentos_realizados_fallback")] public required ProcessedSection Fallback { get; init; }

    public static OfficialResults From(ScoreInput input, Score score, string participant, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(score);
        return new OfficialResults
        {
            Timestamp = timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            Participant = participant,
            NetTotal = score.NetTotal,
            GrossTotal = score.GrossTotal,
            FeeTotal = score.FeeTotal,
            P99 = new P99Section
            {
                Value = JsNumbers.Format(score.P99) + "ms",
                Bonus = JsNumbers.Format(score.Bonus * 100) + "%",
                MaxRequests = input.MaxUsers.ToString(CultureInfo.InvariantCulture),
            },
            Fine = new FineSection
            {
                Rate = score.FineRate,
                Total = score.FineTotal,
                Composition = new FineComposition { Inconsistencies = input.Inconsistencies },
            },
            SlushFund = new SlushFundSection { Detected = score.Disqualified },
            Lag = new LagSection
            {
                Counted = score.CountedRequests,
                Requested = input.SucceededPayments,
                Lag = score.Lag,
            },
            Requested = new RequestedSection { Succeeded = input.SucceededPayments, Failed = input.FailedPayments },
            Default = new ProcessedSection
            {
                GrossTotal = JsNumbers.Normalize(input.Default.Amount),
                Payments = input.Default.Requests,
                FeeTotal = score.DefaultFee,
                Description = "Payments counted for the default processor.",
            },
            Fallback = new ProcessedSection
            {
                GrossTotal = JsNumbers.Normalize(input.Fallback.Amount),
                Payments = input.Fallback.Requests,
                FeeTotal = score.FallbackFee,
                Description = "Payments counted for the fallback processor.",
            },
        };
    }

    public sealed class P99Section
    {
        [JsonPropertyName("valor")] public required string Value { get; init; }
        [JsonPropertyName("bonus")] public required string Bonus { get; init; }
        [JsonPropertyName("max_requests")] public required string MaxRequests { get; init; }
        [JsonPropertyName("descricao")] public string Description { get; init; } = "Bonus: max((11 - p99.valor) * 0.02, 0), both rounded to 2 decimals.";
    }

    public sealed class FineSection
    {
        [JsonPropertyName("porcentagem")] public required decimal Rate { get; init; }
        [JsonPropertyName("total")] public required decimal Total { get; init; }
        [JsonPropertyName("composicao")] public required FineComposition Composition { get; init; }
    }

    public sealed class FineComposition
    {
        [JsonPropertyName("num_inconsistencias")] public required long Inconsistencies { get; init; }
        [JsonPropertyName("descricao")] public string Description { get; init; } = "A fine of 35% applies when num_inconsistencias > 0.";
    }

    public sealed class SlushFundSection
    {
        [JsonPropertyName("detectado")] public required bool Detected { get; init; }
        [JsonPropertyName("descricao")] public string Description { get; init; } = "A negative lag (more payments counted than requested) disqualifies the backend.";
    }

    public sealed class LagSection
    {
        [JsonPropertyName("num_pagamentos_total")] public required long Counted { get; init; }
        [JsonPropertyName("num_pagamentos_solicitados")] public required long Requested { get; init; }
        [JsonPropertyName("lag")] public required long Lag { get; init; }
        [JsonPropertyName("descricao")] public string Description { get; init; } = "Accepted payment requests minus payments counted: payments still queued at the end.";
    }

    public sealed class RequestedSection
    {
        [JsonPropertyName("qtd_sucesso")] public required long Succeeded { get; init; }
        [JsonPropertyName("qtd_falha")] public required long Failed { get; init; }
        [JsonPropertyName("descricao")] public string Description { get; init; } = "qtd_sucesso: POST /payments answered 2xx; qtd_falha: any other answer or a timeout.";
    }

    public sealed class ProcessedSection
    {
        [JsonPropertyName("total_bruto")] public required decimal GrossTotal { get; init; }
        [JsonPropertyName("num_pagamentos")] public required long Payments { get; init; }
        [JsonPropertyName("total_taxas")] public required decimal FeeTotal { get; init; }
        [JsonPropertyName("descricao")] public required string Description { get; init; }
    }
}

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(OfficialResults))]
public sealed partial class ResultsJsonContext : JsonSerializerContext;
