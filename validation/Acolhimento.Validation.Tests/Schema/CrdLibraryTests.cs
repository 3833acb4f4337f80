using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Tests.Support;
using Acolhimento.Validation.Yaml;
using Shouldly;
using Acolhimento.Validation.Kubernetes;

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

    private const string GadgetWithSchema = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: gadgets.demo.example.org
        spec:
          group: demo.example.org
          scope: Cluster
          names:
            kind: Gadget
            plural: gadgets
          versions:
            - name: v1
              served: true
              storage: true
              deprecated: true
              deprecationWarning: use v2
              schema:
                openAPIV3Schema:
                  type: object
                  properties:
                    spec:
                      type: object
                      properties:
                        size: {type: integer, maximum: 10}
                        mode: {type: string, enum: [fast, slow]}
            - name: v2
              served: false
              storage: false
        """;

    private static string Describe(CustomResourceDefinition definition) =>
        $"{definition.Group} {definition.Kind} {definition.Scope} {definition.Source}: " + string.Join("; ", definition.Versions.Select(v =>
            $"{v.Name} served={v.Served} deprecated={v.Deprecated} warning={v.DeprecationWarning} schema={v.SchemaJson()}"));

    private static string[] CacheEntries(string cache) =>
        Directory.Exists(cache) ? Directory.GetFiles(cache, "*.json", SearchOption.AllDirectories) : [];

    [Fact]
    public void A_definition_read_from_the_derived_data_cache_is_the_one_read_from_YAML()
    {
        using var data = new TempRepository().Write("crds/gadgets.yaml", GadgetWithSchema);
        var cache = Path.Combine(data.Root, "cache");
        var fromYaml = CrdLibrary.Open(Path.Combine(data.Root, "crds"), Limits).Find("demo.example.org", "Gadget").ShouldNotBeNull();

        var first = CrdLibrary.Open(Path.Combine(data.Root, "crds"), Limits, new CrdJsonCache(cache)).Find("demo.example.org", "Gadget").ShouldNotBeNull();
        var entries = CacheEntries(cache);
        entries.Length.ShouldBe(1);
        var written = File.GetLastWriteTimeUtc(entries[0]);
        var second = CrdLibrary.Open(Path.Combine(data.Root, "crds"), Limits, new CrdJsonCache(cache)).Find("demo.example.org", "Gadget").ShouldNotBeNull();

        second.Versions[0].Schema.ShouldBeNull(); // read from the cache's JSON, not from the YAML
        Describe(first).ShouldBe(Describe(fromYaml));
        Describe(second).ShouldBe(Describe(fromYaml));
        File.GetLastWriteTimeUtc(entries[0]).ShouldBe(written);
        fromYaml.Versions[0].SchemaJson().ShouldNotBeNull().ShouldContain("\"maximum\":10");
    }

    [Fact]
    public void A_damaged_cache_entry_is_a_miss_and_is_rewritten()
    {
        using var data = new TempRepository().Write("crds/gadgets.yaml", GadgetWithSchema);
        var cache = Path.Combine(data.Root, "cache");
        var expected = Describe(CrdLibrary.Open(Path.Combine(data.Root, "crds"), Limits, new CrdJsonCache(cache)).Find("demo.example.org", "Gadget").ShouldNotBeNull());
        var entry = CacheEntries(cache).ShouldHaveSingleItem();

        foreach (var damage in new[] { "{\"format\": \"crd-json-v1\", \"definitions\": [{\"group\": 7}]}", "{\"format\": \"crd-json-v1\", \"definitions\": [{\"group\": null, \"kind\": \"Gadget\", \"scope\": \"Cluster\", \"versions\": []}]}", "{\"format\": \"crd-json-v0\"}", "{\"format\":", "" })
        {
            File.WriteAllText(entry, damage);
            var reread = CrdLibrary.Open(Path.Combine(data.Root, "crds"), Limits, new CrdJsonCache(cache)).Find("demo.example.org", "Gadget").ShouldNotBeNull();

            Describe(reread).ShouldBe(expected);
            reread.Versions[0].Schema.ShouldNotBeNull(); // read from the YAML again
            File.ReadAllText(entry).ShouldContain("\"kind\":\"Gadget\"");
        }
    }

    [Fact]
    public void An_edited_definition_file_is_read_again_not_served_from_the_cache()
    {
        using var data = new TempRepository().Write("crds/gadgets.yaml", GadgetWithSchema);
        var cache = Path.Combine(data.Root, "cache");
        CrdLibrary.Open(Path.Combine(data.Root, "crds"), Limits, new CrdJsonCache(cache)).Find("demo.example.org", "Gadget").ShouldNotBeNull();
        File.WriteAllText(Path.Combine(data.Root, "crds/gadgets.yaml"), GadgetWithSchema.Replace("maximum: 10", "maximum: 99", StringComparison.Ordinal));

        var edited = CrdLibrary.Open(Path.Combine(data.Root, "crds"), Limits, new CrdJsonCache(cache)).Find("demo.example.org", "Gadget").ShouldNotBeNull();

        edited.Versions[0].SchemaJson().ShouldNotBeNull().ShouldContain("\"maximum\":99");
        CacheEntries(cache).Length.ShouldBe(2);
    }

    [Fact]
    public void A_cache_that_cannot_be_written_only_costs_time()
    {
        using var data = new TempRepository().Write("crds/gadgets.yaml", GadgetWithSchema).Write("cache", "a file where the cache folder should be");

        var found = CrdLibrary.Open(Path.Combine(data.Root, "crds"), Limits, new CrdJsonCache(Path.Combine(data.Root, "cache"))).Find("demo.example.org", "Gadget");

        found.ShouldNotBeNull().Versions.Count.ShouldBe(2);
    }
}
