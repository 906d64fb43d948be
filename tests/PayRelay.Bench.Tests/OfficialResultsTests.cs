using System.Text.Json;
using PayRelay.Bench.Report;
using PayRelay.Bench.Scoring;

namespace PayRelay.Bench.Tests;

public class OfficialResultsTests
{
    private static readonly ScoreInput Preview = new()
    {
        SucceededPayments = 16743,
        FailedPayments = 0,
        Default = new ProcessorTotals(13706, 272749.4m),
        Fallback = new ProcessorTotals(3037, 60436.3m),
        DefaultFeeRate = 0.05m,
        FallbackFeeRate = 0.15m,
        P99Milliseconds = 3.6612,
        Inconsistencies = 0,
        MaxUsers = 550,
    };

    [Fact]
    public void ResultsJson_HasExactlyTheKeysOfTheOfficialResultsFile()
    {
        using var json = JsonDocument.Parse(Serialize(Preview));

        Assert.Equal(
            ["timestamp", "participante", "total_liquido", "total_bruto", "total_taxas", "descricao", "p99", "multa", "caixa_dois", "lag", "pagamentos_solicitados", "pagamentos_realizados_default", "pagamentos_realizados_fallback"],
            Keys(json.RootElement));
        Assert.Equal(["valor", "bonus", "max_requests", "descricao"], Keys(json.RootElement.GetProperty("p99")));
        Assert.Equal(["porcentagem", "total", "composicao"], Keys(json.RootElement.GetProperty("multa")));
        Assert.Equal(["num_inconsistencias", "descricao"], Keys(json.RootElement.GetProperty("multa").GetProperty("composicao")));
        Assert.Equal(["detectado", "descricao"], Keys(json.RootElement.GetProperty("caixa_dois")));
        Assert.Equal(["num_pagamentos_total", "num_pagamentos_solicitados", "lag", "descricao"], Keys(json.RootElement.GetProperty("lag")));
        Assert.Equal(["qtd_sucesso", "qtd_falha", "descricao"], Keys(json.RootElement.GetProperty("pagamentos_solicitados")));
        Assert.Equal(["total_bruto", "num_pagamentos", "total_taxas", "descricao"], Keys(json.RootElement.GetProperty("pagamentos_realizados_default")));
    }

    [Fact]
    public void ResultsJson_PublishedPreviewResult_HasTheOfficialValues()
    {
        using var json = JsonDocument.Parse(Serialize(Preview));
        var root = json.RootElement;

        Assert.Equal(357055.20275m, root.GetProperty("total_liquido").GetDecimal());
        Assert.Equal(333185.7m, root.GetProperty("total_bruto").GetDecimal());
        Assert.Equal(22702.915m, root.GetProperty("total_taxas").GetDecimal());
        Assert.Equal("3.66ms", root.GetProperty("p99").GetProperty("valor").GetString());
        Assert.Equal("15%", root.GetProperty("p99").GetProperty("bonus").GetString());
        Assert.Equal("550", root.GetProperty("p99").GetProperty("max_requests").GetString());
        Assert.Equal(0, root.GetProperty("lag").GetProperty("lag").GetInt64());
        Assert.Equal(16743, root.GetProperty("lag").GetProperty("num_pagamentos_total").GetInt64());
        Assert.Equal(13637.47m, root.GetProperty("pagamentos_realizados_default").GetProperty("total_taxas").GetDecimal());
        Assert.Equal(9065.445m, root.GetProperty("pagamentos_realizados_fallback").GetProperty("total_taxas").GetDecimal());
        Assert.False(root.GetProperty("caixa_dois").GetProperty("detectado").GetBoolean());
    }

    [Fact]
    public void ResultsJson_Numbers_PrintWithoutTrailingZerosOrEscapes()
    {
        var text = Serialize(Preview with { Default = new ProcessorTotals(16752, 16752 * 19.90m), Fallback = default, P99Milliseconds = 1.25, SucceededPayments = 16752 });

        Assert.Contains("\"total_liquido\": 380035.872,", text, StringComparison.Ordinal);
        Assert.Contains("\"bonus\": \"20%\"", text, StringComparison.Ordinal);
        Assert.Contains("(1 + p99.bonus", text, StringComparison.Ordinal);
    }

    private static string Serialize(ScoreInput input) =>
        BenchOutputs.ResultsJson(OfficialResults.From(input, Scorer.Compute(input), "tester", DateTimeOffset.UnixEpoch));

    private static string[] Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();
}
