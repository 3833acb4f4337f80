using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Tests.Support;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Schema;

[Trait("Category", "Unit")]
public sealed class CrdLibraryTests
{
    private static readonly YamlLimits Limits = new(MaxExpandedNodes: 1_000_000, MaxDepth: 200);

    private static string Crd(string group, string kind, string plural) => $"""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: {plural}.{group}
        spec:
          group: {group}
          scope: Namespaced
          names:
            kind: {kind}
            plural: {plural}
          versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema:
                  type: object
        """;

    [Fact]
    public void A_lookup_reads_only_the_files_whose_scan_names_the_group_and_kind()
    {
        using var data = new TempRepository()
            .Write("crds/a/gadgets.yaml", Crd("demo.example.org", "Gadget", "gadgets"))
            .Write("crds/b/broken.yaml", "kind: [unclosed\n"); // never selected for Gadget, so never parsed
        var library = CrdLibrary.Open(Path.Combine(data.Root, "crds"), Limits);

        library.Find("demo.example.org", "Gadget").ShouldNotBeNull().Source.ShouldBe("crds/a/gadgets.yaml");
    }

    [Fact]
    public void A_kind_the_scan_misses_is_still_found_by_reading_every_file()
    {
        // Flow style hides "kind:" from the line scan; the fallback reads everything, so the answer is the same.
        const string flow = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.demo.example.org}
            spec: {group: demo.example.org, scope: Namespaced, names: {kind: Widget, plural: widgets}, versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]}
            """;
        using var data = new TempRepository().Write("crds/widgets.yaml", flow);
        var library = CrdLibrary.Open(Path.Combine(data.Root, "crds"), Limits);

        library.Find("demo.example.org", "Widget").ShouldNotBeNull().Kind.ShouldBe("Widget");
    }

    [Fact]
    public void A_missing_kind_reads_every_file_and_reports_broken_schema_data()
    {
        using var data = new TempRepository()
            .Write("crds/a/gadgets.yaml", Crd("demo.example.org", "Gadget", "gadgets"))
            .Write("crds/b/broken.yaml", "kind: [unclosed\n");
        var library = CrdLibrary.Open(Path.Combine(data.Root, "crds"), Limits);

        Should.Throw<CannotValidateException>(() => library.Find("demo.example.org", "Sprocket")).Message.ShouldContain("crds/b/broken.yaml");
    }

    [Fact]
    public void The_first_definition_in_path_order_wins()
    {
        using var data = new TempRepository()
            .Write("crds/b/gadgets.yaml", Crd("demo.example.org", "Gadget", "gadgets"))
            .Write("crds/a/gadgets.yaml", Crd("demo.example.org", "Gadget", "gadgets"));
        var library = CrdLibrary.Open(Path.Combine(data.Root, "crds"), Limits);

        library.Find("demo.example.org", "Gadget").ShouldNotBeNull().Source.ShouldBe("crds/a/gadgets.yaml");
        library.All.Count.ShouldBe(1);
    }

    [Fact]
    public void No_folder_is_an_empty_library() =>
        CrdLibrary.Open("/nonexistent/crds", Limits).Find("demo.example.org", "Gadget").ShouldBeNull();
}
