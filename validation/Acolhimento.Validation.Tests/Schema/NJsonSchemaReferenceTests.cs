using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Yaml;
using NJsonSchema;
using Shouldly;

namespace Acolhimento.Validation.Tests.Schema;

/// <summary>
/// NJsonSchema is the reference: the compiled schemas, exported as JSON Schema, must accept and reject the same
/// documents as the fast YAML-walking validator.
/// </summary>
[Trait("Category", "Unit")]
public sealed class NJsonSchemaReferenceTests
{
    private const string Widget = "apiVersion: v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n";
    private const string Gadget = "apiVersion: demo.example.org/v1\nkind: Gadget\nmetadata:\n  name: g\nspec:\n";

    public static TheoryData<string, bool> Documents => new()
    {
        { Widget + "  size: 3\n  port: http\n  memory: 512Mi\n  tags: [a]\n  extra: {x: [1]}\n  children: [{size: 1}]\n", true },
        { Widget + "  size: 3\n  sise: 2\n", false },
        { Widget + "  size: \"3\"\n", false },
        { Widget + "  enabled: true\n", false },
        { Widget + "  size: 3000000000\n", false },
        { Widget + "  size: 1\n  memory: 512 MB\n", false },
        { Widget + "  size: 1\n  memory: 0.5\n", true },
        { Widget + "  size: 1\n  port: 80\n", true },
        { Widget + "  size: 1\n  port: [80]\n", false },
        { Widget + "  size: 1\n  created: 2025-01-31T12:00:00Z\n", true },
        { Widget + "  size: 1\n  children: [{size: 1, colour: red}]\n", false },
        { "apiVersion: v1\nkind: Widget\nmetadata:\n  name: w\n  labels: {a: b}\nspec:\n  size: 1\n", true },
        { "apiVersion: v1\nkind: Widget\nmetadata:\n  name: w\n  labels: {a: 1}\nspec:\n  size: 1\n", false },
        { Gadget + "  mode: fast\n  replicas: 3\n  name: abc\n  limit: 2Gi\n", true },
        { Gadget + "  mode: medium\n", false },
        { Gadget + "  mode: fast\n  replicas: 0\n", false },
        { Gadget + "  mode: fast\n  name: ABC\n", false },
        { Gadget + "  mode: fast\n  name: abcdefghij\n", false },
        { Gadget + "  mode: fast\n  limit: 3\n", true },
        { Gadget + "  mode: fast\n  limit: three\n", false },
        { Gadget + "  mode: fast\n  values: {a: {b: [1, 2]}}\n", true },
        { Gadget + "  mode: fast\n  strict: {x: 1}\n", false },
        { Gadget + "  mode: fast\n  template: {apiVersion: v1, kind: Pod, spec: {}}\n", true },
        { Gadget + "  mode: fast\n  template: {spec: {}}\n", false },
        { Gadget + "  mode: fast\n  target: {host: a}\n", true },
        { Gadget + "  mode: fast\n  target: {host: a, ip: 10.0.0.1}\n", false },
        { Gadget + "  mode: fast\n  target: {}\n", false },
        { Gadget + "  mode: fast\n  target: {ip: 10.0.0.300}\n", false },
        { Gadget + "  mode: fast\n  unknown: 1\n", false },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Both_validators_agree(string yaml, bool valid)
    {
        var catalog = MiniSchemas.Catalog();
        var body = (YamlMapping)YamlReader.Read(yaml).Documents[0].Root!;
        var schema = ((KindFound)catalog.Find(body.String("apiVersion")!, body.String("kind")!)).Schema;

        var fast = catalog.Validator.Validate(body, schema);
        var reference = await JsonSchema.FromJsonAsync(JsonSchemaExport.ToJsonSchema(schema, catalog.Validator.ObjectMeta).ToString(), TestContext.Current.CancellationToken);
        var referenceErrors = reference.Validate(body.ToJsonString());

        (fast.Count == 0).ShouldBe(valid, "fast validator: " + string.Join("; ", fast.Select(v => $"{v.Rule} {v.Path}: {v.Message}")));
        (referenceErrors.Count == 0).ShouldBe(valid, "NJsonSchema: " + string.Join("; ", referenceErrors.Select(e => e.ToString())));
    }
}
