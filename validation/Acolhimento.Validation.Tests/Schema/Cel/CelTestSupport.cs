using System.Text.Json;
using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Schema.Cel;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Tests.Schema.Cel;

/// <summary>Evaluates CEL expressions and CRD rules for the tests: plain expressions, expressions on a YAML value seen through a schema, whole objects.</summary>
public static class CelTestSupport
{
    public static object Eval(string expression, object? self = null, long costLimit = CelRuleValidator.PerCallLimit)
    {
        var variables = new Dictionary<string, object>(StringComparer.Ordinal);
        if (self is not null) variables["self"] = self;
        return new CelInterpreter(new CelCost(costLimit), new CelRegexCache()).Evaluate(CelParser.Parse(expression), variables);
    }

    /// <summary><paramref name="expression"/> with <c>self</c> = <paramref name="yaml"/> typed by the structural schema <paramref name="schemaJson"/>.</summary>
    public static object EvalOn(string expression, string yaml, string schemaJson) =>
        Eval(expression, CelSchemaValues.FromYaml(Node(yaml), Schema(schemaJson)));

    public static SchemaNode Schema(string json)
    {
        using var document = JsonDocument.Parse(json);
        return SchemaCompiler.CompileStructural(document.RootElement.Clone(), "test");
    }

    public static YamlNode Node(string yaml) => YamlReader.Read(yaml).Documents[0].Root!;

    /// <summary>The schema-stage violations of a whole object under a CRD schema (rules included).</summary>
    public static IReadOnlyList<SchemaViolation> Validate(string schemaJson, string yaml) =>
        new ObjectValidator(Schema("""{"type":"object","x-kubernetes-preserve-unknown-fields":true}""")).Validate(Node(yaml), Schema(schemaJson));

    public static string Describe(IEnumerable<SchemaViolation> violations) => string.Join("\n", violations.Select(v => $"{v.Rule} {v.Path}: {v.Message}"));
}
