using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Acolhimento.Validation.Yaml;
using Shouldly;
using Xunit;

namespace Acolhimento.Validation.Tests.Yaml;

/// <summary>
/// Holds the gate's reading of every generated scalar form (<see cref="ScalarGrammar"/>) in every context to what
/// Kubernetes' own code made of the same document: go-yaml v2 through sigs.k8s.io/yaml's YAMLToJSON, then the JSON
/// read back as apimachinery's unstructured decoder reads it. The verdicts were recorded by running that code (how:
/// <c>Fixtures/go-yaml-v2-scalars.md</c>); they are data here, the gate's resolution is the code under test.
/// </summary>
[Trait("Category", "Unit")]
public class ScalarResolutionTests
{
    private const string TableFile = "go-yaml-v2-scalars.jsonl.gz";

    /// <summary>Set to a file name to have the harness input for missing rows written there (see the fixture's README).</summary>
    private const string WriteInputVariable = "ACOLHIMENTO_WRITE_SCALAR_FORMS";

    private static readonly Lazy<IReadOnlyDictionary<(string Context, string Form), string>> Table = new(LoadTable);

    /// <summary>
    /// Rows where the Go that recorded the table (1.19) and the Go that Kubernetes and Argo CD are built with (1.22 and
    /// later) differ, and the gate follows the newer: since Go 1.20 time.Parse ignores digits beyond nanoseconds instead
    /// of refusing them, and refuses a zone offset above 24 hours.
    /// </summary>
    private static readonly Dictionary<(string, string), string> NewerGo = new()
    {
        [("tag-timestamp", "2001-12-14T23:59:59.1234567891234Z")] = "string:2001-12-14T23:59:59.1234567891234Z",
        [("tag-timestamp", "2001-12-14T21:59:43+25:00")] = "error:yaml: cannot decode !!str `2001-12-14T21:59:43+25:00` as a !!timestamp",
    };

    [Fact]
    public void The_recorded_table_covers_every_generated_form_in_every_context()
    {
        var rows = ScalarGrammar.Contexts.SelectMany(c => ScalarGrammar.Forms().Select(f => (Context: c.Name, Template: c.Template, Form: f))).ToList();
        var missing = rows.Where(r => !Table.Value.ContainsKey((r.Context, r.Form))).ToList();
        if (missing.Count > 0 && Environment.GetEnvironmentVariable(WriteInputVariable) is { Length: > 0 } path)
        {
            File.WriteAllLines(path, missing.Select(r => JsonSerializer.Serialize(new { c = r.Context, f = r.Form, y = ScalarGrammar.Document(r.Template, r.Form) })));
        }
        var mergeRows = ScalarGrammar.MergeDocuments().Where(d => !Table.Value.ContainsKey(("doc", d.Name))).ToList();
        if (mergeRows.Count > 0 && Environment.GetEnvironmentVariable(WriteInputVariable) is { Length: > 0 } mergePath)
        {
            File.AppendAllLines(mergePath, mergeRows.Select(d => JsonSerializer.Serialize(new { c = "doc", f = d.Name, y = d.Yaml })));
        }
        mergeRows.Select(d => d.Name).ShouldBeEmpty("merge documents without a recorded verdict");
        missing.Select(r => $"{r.Context} {r.Form}").ShouldBeEmpty($"forms without a recorded verdict; regenerate the table as {TableFile}'s README says");
        rows.Count.ShouldBeGreaterThan(20_000);
    }

    [Fact]
    public void Every_form_reads_as_kubernetes_reads_it()
    {
        var disagreements = new List<string>();
        foreach (var (context, template) in ScalarGrammar.Contexts)
        {
            foreach (var form in ScalarGrammar.Forms())
            {
                if (!Table.Value.TryGetValue((context, form), out var expected)) continue; // the coverage test reports it
                if (NewerGo.TryGetValue((context, form), out var newer))
                {
                    expected.ShouldNotBe(newer, "a row listed as changed by newer Go is recorded as it is now; drop it from the list");
                    expected = newer;
                }
                var actual = GateVerdict(context, ScalarGrammar.Document(template, form));
                if (!Agrees(expected, actual)) disagreements.Add($"{context} [{form}]: Kubernetes {expected} | gate {actual}");
            }
        }
        disagreements.ShouldBeEmpty();
    }

    [Fact]
    public void Merge_keys_apply_as_go_yaml_v2_applies_them()
    {
        var disagreements = new List<string>();
        foreach (var (name, yaml) in ScalarGrammar.MergeDocuments())
        {
            if (!Table.Value.TryGetValue(("doc", name), out var expected)) continue; // the coverage test reports it
            var read = YamlReader.Read(yaml);
            // A key written before a merge key that replaces it is reported (tools disagree), yet read as go-yaml reads it.
            var problem = read.Problems.FirstOrDefault(p => p.Rule != YamlReader.DuplicateKey);
            var actual = problem is null ? "object:" + Canonical(ToJson(read.Documents.Single().Root!)) : "error:" + problem.Message;
            var agrees = expected.StartsWith("object:", StringComparison.Ordinal)
                ? actual == "object:" + Canonical(JsonNode.Parse(expected["object:".Length..]))
                : actual.StartsWith("error:", StringComparison.Ordinal);
            if (!agrees) disagreements.Add($"{name}: Kubernetes {expected} | gate {actual}");
        }
        disagreements.ShouldBeEmpty();
    }

    [Fact]
    public void A_key_written_before_a_merge_key_that_replaces_it_is_reported_where_it_is_written()
    {
        var read = YamlReader.Read("a: &m {x: 1}\nt:\n  x: 7\n  <<: *m\n");
        var problem = read.Problems.ShouldHaveSingleItem();
        problem.Rule.ShouldBe(YamlReader.DuplicateKey);
        problem.At.Line.ShouldBe(3);
        ((YamlMapping)((YamlMapping)read.Documents[0].Root!)["t"]!).Integer("x").ShouldBe(1); // go-yaml v2 keeps the merged value
        YamlReader.Read("a: &m {x: 1}\nt:\n  <<: *m\n  x: 7\n").Problems.ShouldBeEmpty();
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMapping m => new JsonObject(m.Entries.Select(e => KeyValuePair.Create(e.Key.Value, ToJson(e.Value)))),
        YamlSequence s => new JsonArray(s.Items.Select(ToJson).ToArray()),
        YamlScalar v => v.Json switch
        {
            { Kind: ScalarKind.Null } => null,
            { Kind: ScalarKind.Bool } j => JsonValue.Create(j.Boolean),
            { Kind: ScalarKind.Int } j => JsonValue.Create(j.Integer),
            { Kind: ScalarKind.Float } j => JsonValue.Create(j.Number),
            var j => JsonValue.Create(j.Text ?? v.Value),
        },
        _ => null,
    };

    /// <summary>JSON with object keys in ordinal order, as Go's encoder sorts them.</summary>
    private static string Canonical(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => JsonSerializer.Serialize(p.Key) + ":" + Canonical(p.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };

    /// <summary>What the gate makes of a one-line document, in the table's words.</summary>
    internal static string GateVerdict(string context, string yaml)
    {
        var read = YamlReader.Read(yaml);
        if (read.Problems.FirstOrDefault(p => p.Rule == YamlReader.Unconvertible) is { } refused) return "error:" + refused.Message;
        if (read.Problems.Count > 0) return "syntax:" + read.Problems[0].Message;
        if (read.Documents.Single().Root is not YamlMapping root) return "not a mapping";
        if (context.StartsWith("key", StringComparison.Ordinal)) return "key:" + root.Entries.Single().Key.Value;
        if (root["v"] is not YamlScalar value) return "not a scalar";
        var json = value.Json;
        return json.Kind switch
        {
            ScalarKind.Null => "null",
            ScalarKind.Bool => json.Boolean ? "bool:true" : "bool:false",
            ScalarKind.Int => "int:" + YamlNodes.FormatInvariant(json.Integer),
            ScalarKind.Float => "float:" + GoFloatText.JsonNumber(json.Number),
            _ => "string:" + (json.Text ?? value.Value),
        };
    }

    /// <summary>Values must be equal; a refusal must be a refusal (with go-yaml's words where it gives them); a syntax error on both sides is agreement.</summary>
    private static bool Agrees(string expected, string actual)
    {
        // go-yaml's parser refuses a few lines YamlDotNet reads (": x"); the gate must still refuse them, for either reason.
        if (IsGoSyntaxError(expected)) return actual.StartsWith("syntax:", StringComparison.Ordinal) || actual.StartsWith("error:", StringComparison.Ordinal);
        if (!expected.StartsWith("error:", StringComparison.Ordinal)) return expected == actual;
        if (!actual.StartsWith("error:", StringComparison.Ordinal)) return false;
        const string goYaml = "error:yaml: ";
        return !expected.StartsWith(goYaml + "cannot decode", StringComparison.Ordinal) || actual.Contains(expected[goYaml.Length..], StringComparison.Ordinal);
    }

    private static bool IsGoSyntaxError(string verdict) =>
        verdict.StartsWith("error:yaml: line ", StringComparison.Ordinal) || verdict.StartsWith("error:yaml: did not find", StringComparison.Ordinal)
        || verdict.StartsWith("error:yaml: mapping values", StringComparison.Ordinal) || verdict.StartsWith("error:yaml: block sequence", StringComparison.Ordinal);

    private static IReadOnlyDictionary<(string, string), string> LoadTable()
    {
        var path = Support.RepositoryLocator.Fixture("Yaml", TableFile);
        var table = new Dictionary<(string, string), string>();
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        while (reader.ReadLine() is { } line)
        {
            using var row = JsonDocument.Parse(line);
            table[(row.RootElement.GetProperty("c").GetString()!, row.RootElement.GetProperty("f").GetString()!)] = row.RootElement.GetProperty("r").GetString()!;
        }
        return table;
    }
}
