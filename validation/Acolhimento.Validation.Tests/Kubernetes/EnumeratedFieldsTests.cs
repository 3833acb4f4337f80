using System.Text.Json;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Tests.Schema;
using Shouldly;

namespace Acolhimento.Validation.Tests.Kubernetes;

/// <summary>The enumerated-field table: well-formed, sourced, and every entry live on the real 1.35 schemas (no stale or misspelt entry).</summary>
[Trait("Category", "Unit")]
public sealed class EnumeratedFieldsTests(RealSchemaData data) : IClassFixture<RealSchemaData>
{
    [Fact]
    public void The_built_in_table_loads_with_a_source_for_every_entry()
    {
        var table = EnumeratedFields.BuiltIn;
        table.Fields.Count.ShouldBeGreaterThan(70);
        table.Fields.ShouldAllBe(f => f.Source.Length > 10 && f.Values.Count > 0);
        table.Fields.ShouldAllBe(f => f.Values.Distinct().Count() == f.Values.Count);
        table.Templates.ShouldNotBeEmpty();
        table.OfSchema("io.k8s.api.core.v1.Container").Select(f => f.Field).ShouldContain("imagePullPolicy");
        table.OfTemplateOwner("batch", "Job").Single().Values.ShouldBe(["OnFailure", "Never"]);
        table.OfTemplateOwner("apps", "Deployment").Single().Values.ShouldBe(["Always"]);
        table.OfTemplateOwner("", "Pod").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("fields:\n  - schema: a\n    field: b\n    values: []\n    source: s\ntemplates: []\n", "values is empty")]
    [InlineData("fields:\n  - schema: a\n    values: [x]\n    source: s\ntemplates: []\n", "has no field")]
    [InlineData("fields:\n  - schema: a\n    field: b\n    values: [x]\ntemplates: []\n", "has no source")]
    [InlineData("fields: []\n", "no templates list")]
    [InlineData("fields:\n  - schema: a\n    field: b\n    values: [x]\n    source: s\n  - schema: a\n    field: b\n    values: [y]\n    source: t\ntemplates: []\n", "a.b is listed twice")]
    [InlineData("fields: [\n", "test.yaml: ")]
    public void Malformed_data_is_refused_with_the_reason(string yaml, string reason) =>
        Should.Throw<InvalidDataException>(() => EnumeratedFields.Parse(yaml, "test.yaml")).Message.ShouldContain(reason);

    /// <summary>
    /// Each entry must name a schema and field of the 1.35 OpenAPI whose compiled node (or list entry) now carries
    /// exactly the listed values: an entry the compiler could not attach would be a check that silently never runs.
    /// </summary>
    [Fact]
    public void Every_entry_is_attached_to_its_field_in_the_real_schemas()
    {
        var directory = data.RequireStage() is not null ? data.Directory! : "";
        var components = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var documents = new List<JsonDocument>();
        foreach (var file in Directory.GetFiles(Path.Combine(directory, "openapi", "v" + RealSchemaData.KubernetesVersion), "*.json"))
        {
            var document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { MaxDepth = 256 });
            documents.Add(document);
            foreach (var component in document.RootElement.GetProperty("components").GetProperty("schemas").EnumerateObject()) components.TryAdd(component.Name, component.Value);
        }
        var compiler = new SchemaCompiler(SchemaDialect.OpenApi, name => components.TryGetValue(name, out var schema) ? schema : null);
        var missing = new List<string>();
        foreach (var entry in EnumeratedFields.BuiltIn.Fields)
        {
            if (!components.ContainsKey(entry.Schema))
            {
                missing.Add($"{entry.Schema}: no such schema");
                continue;
            }
            var property = compiler.CompileComponent(entry.Schema).Property(entry.Field);
            var target = property?.Types.HasFlag(JsonTypes.Array) == true ? property.Items : property;
            var attached = target?.Enum?.Select(v => v.Canonical).ToList();
            if (attached is null || !attached.SequenceEqual(entry.Values.Select(v => "s:" + v))) missing.Add($"{entry.Schema}.{entry.Field}: not attached");
        }
        documents.ForEach(d => d.Dispose());
        missing.ShouldBeEmpty(string.Join("\n", missing));
    }
}
