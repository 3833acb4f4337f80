using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Tests.Support;
using Acolhimento.Validation.Yaml;
using Acolhimento.Validation.Kubernetes;

namespace Acolhimento.Validation.Tests.Schema;

/// <summary>Small hand-written schemas (one built-in group-version "v1" with kind Widget, one CRD kind Gadget) for fast unit tests.</summary>
public static class MiniSchemas
{
    public const string Version = "1.35";

    public const string DeprecationTableYaml = """
        deprecated-versions:
          - version: v1beta1
            kind: Widget
            deprecated-in: v1.20.0
            removed-in: v1.30.0
            replacement-api: v1
            component: k8s
          - version: v1
            kind: Widget
            deprecated-in: v1.34.0
            removed-in: v1.40.0
            replacement-api: widgets.example.org/v1
            component: k8s
          - version: demo.example.org/v0
            kind: Gadget
            deprecated-in: v0.5.0
            removed-in: v0.9.0
            replacement-api: demo.example.org/v1
            component: gadget-operator
        """;

    public static string Fixture(string name) => File.ReadAllText(RepositoryLocator.Fixture("Schema", "mini", name));

    public static IReadOnlyList<CustomResourceDefinition> Definitions()
    {
        var read = YamlReader.Read(Fixture("gadget-crd.yaml"));
        return read.Documents.Select(d => CustomResourceDefinition.FromYaml((YamlMapping)d.Root!, "mini/gadget-crd.yaml")!).ToList();
    }

    public static SchemaCatalog Catalog() => SchemaCatalog.FromDocuments(Version, [("v1", Fixture("v1_openapi.json"))], Definitions());

    public static SchemaStage Stage()
    {
        var catalog = Catalog();
        return new SchemaStage(_ => catalog, DeprecationTable.Parse(DeprecationTableYaml, "mini-deprecations.yaml"));
    }

    public static IReadOnlyList<SchemaViolation> Validate(string yaml)
    {
        var catalog = Catalog();
        var body = (YamlMapping)YamlReader.Read(yaml).Documents[0].Root!;
        var found = catalog.Find(body.String("apiVersion")!, body.String("kind")!);
        var schema = found is KindFound k ? k.Schema : throw new InvalidOperationException($"fixture kind not found: {((KindNotFound)found).Reason}");
        return catalog.Validator.Validate(body, schema);
    }

    public static IReadOnlyList<Finding> RunStage(string yaml, string kubernetesVersion = Version) =>
        Stage().Run([new RenderedCluster("dev", kubernetesVersion, [], RenderedObjects.FromText("fixture.yaml", yaml, "dev", "app"), [])]);
}
