using System.IO.Compression;
using System.Text.Json;
using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Schema.Cel;
using Acolhimento.Validation.Tests.Support;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Schema.Cel;

/// <summary>
/// The CEL verdicts against a real kube-apiserver's answers (the apiserver-oracle data, see its README): for every
/// case whose kind is a custom resource whose CRD carries validation rules, the rule findings must agree with the
/// API server — a rejection whose cause is a rule is a <see cref="SchemaRules.CelRule"/> error at that cause's
/// field; every other case (accepted, or rejected for a reason that is not a rule) gets no rule error; and no rule of
/// these CRDs is left not evaluated.
/// </summary>
[Trait("Category", "Oracle")]
public sealed class CelOracleTests(RealSchemaData data) : IClassFixture<RealSchemaData>
{
    // Causes written by the CEL validator (validation.go) rather than by the schema checks.
    private static readonly string[] RuleCauseMarkers = ["failed rule:", "evaluating rule:", "call cost exceeds limit", "running out of cost budget"];

    [Fact]
    public void Rule_verdicts_agree_with_the_api_server_on_every_case_of_a_crd_with_rules()
    {
        var stage = data.RequireStage();
        var file = OracleCasesFile.Require();
        var catalog = stage.Catalog(RealSchemaData.KubernetesVersion);
        var kindsWithRules = new Dictionary<(string, string), SchemaNode?>();
        var disagreements = new List<string>();
        var blockingDifferences = new List<string>();
        int considered = 0, ruleRejections = 0, evaluated = 0, blocked = 0;
        using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress));
        while (reader.ReadLine() is { } line)
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var manifest = root.GetProperty("manifest").GetRawText();
            if (YamlReader.Read(manifest).Documents is not [{ Root: YamlMapping body }]) continue;
            var key = (body.String("apiVersion") ?? "", body.String("kind") ?? "");
            if (!kindsWithRules.TryGetValue(key, out var schema))
            {
                schema = catalog.Find(key.Item1, key.Item2) is KindFound found && HasRules(found.Schema, []) ? found.Schema : null;
                kindsWithRules[key] = schema;
            }
            if (schema is null) continue;
            considered++;
            var violations = catalog.Validator.Validate(body, schema);
            var gateBlocks = violations.Any(CelRuleValidator.BlocksRules);
            if (gateBlocks) blocked++;
            else evaluated++;
            if (gateBlocks != ApiServerSkippedRules(root)) blockingDifferences.Add($"{root.GetProperty("id").GetString()} {root.GetProperty("mutation")}: gate {(gateBlocks ? "skipped" : "evaluated")} the rules");
            var ruleErrors = violations.Where(v => v.Rule == SchemaRules.CelRule).Select(v => v.Path.ToString()).ToList();
            var id = root.GetProperty("id").GetString();
            foreach (var skipped in violations.Where(v => v.Rule == SchemaRules.CelNotEvaluated)) disagreements.Add($"{id}: rule not evaluated: {skipped.Message}");
            var ruleCauses = RuleCauses(root).ToList();
            ruleRejections += ruleCauses.Count > 0 ? 1 : 0;
            foreach (var field in ruleCauses.Where(f => !ruleErrors.Contains(f))) disagreements.Add($"{id} {root.GetProperty("object")}: the API server rejects {field} by a rule; the gate finds {string.Join(", ", ruleErrors)}");
            foreach (var path in ruleErrors.Where(p => !ruleCauses.Contains(p))) disagreements.Add($"{id} {root.GetProperty("object")}: the gate reports a rule error at {path} the API server does not ({root.GetProperty("verdict")})");
        }
        TestContext.Current.SendDiagnosticMessage(
            "CEL oracle: {0} cases of CRDs with rules; rules evaluated on {1}, skipped after a blocking schema error on {2}; {3} rejected by a rule; {4} disagreements",
            considered, evaluated, blocked, ruleRejections, disagreements.Count);
        foreach (var difference in blockingDifferences) TestContext.Current.SendDiagnosticMessage("CEL oracle: rules skipped differently (no verdict depends on it): {0}", difference);
        considered.ShouldBeGreaterThan(0, "the oracle data has no case of a CRD with validation rules");
        disagreements.ShouldBeEmpty(string.Join("\n", disagreements.Take(40)));
    }

    /// <summary>Whether the API server never reached the rules: it said so ("some validation rules were not checked"), or strict decoding failed on an unknown field.</summary>
    private static bool ApiServerSkippedRules(JsonElement root) =>
        (root.TryGetProperty("causes", out var causes) && causes.ValueKind == JsonValueKind.Array
            && causes.EnumerateArray().Any(c => c.TryGetProperty("message", out var m) && (m.GetString() ?? "").Contains("some validation rules were not checked", StringComparison.Ordinal)))
        || (root.GetProperty("verdict").GetString() == "rejected" && root.GetProperty("mutation").TryGetProperty("op", out var op) && op.GetString() == "unknown-key");

    /// <summary>The fields of the causes the CEL validator wrote (the API server's path syntax is the gate's).</summary>
    private static IEnumerable<string> RuleCauses(JsonElement root)
    {
        if (!root.TryGetProperty("causes", out var causes) || causes.ValueKind != JsonValueKind.Array) yield break;
        foreach (var cause in causes.EnumerateArray())
        {
            var message = cause.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
            var field = cause.TryGetProperty("field", out var f) ? f.GetString() ?? "" : "";
            if (RuleCauseMarkers.Any(marker => message.Contains(marker, StringComparison.Ordinal))) yield return field is "" or "<nil>" ? "." : field;
        }
    }

    private static bool HasRules(SchemaNode node, HashSet<SchemaNode> seen)
    {
        if (!seen.Add(node)) return false;
        if (node.CelRules.Count > 0) return true;
        return node.Properties.Values.Any(p => HasRules(p, seen))
            || (node.Items is { } items && HasRules(items, seen))
            || (node.AdditionalProperties is { } values && HasRules(values, seen));
    }
}
