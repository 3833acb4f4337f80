using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Schema;

[Trait("Category", "Unit")]
public sealed class SchemaDataTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Explicit_folder_wins_over_the_environment()
    {
        using var explicitDir = new TempRepository().Write("openapi/v1.35/api__v1_openapi.json", "{}");
        using var fromEnv = new TempRepository().Write("openapi/v1.35/api__v1_openapi.json", "{}");
        SchemaLocator.Locate(explicitDir.Root, Environment((SchemaLocator.EnvironmentVariable, fromEnv.Root))).Root.ShouldBe(explicitDir.Root);
        SchemaLocator.Locate(null, Environment((SchemaLocator.EnvironmentVariable, fromEnv.Root))).Root.ShouldBe(fromEnv.Root);
    }

    [Fact]
    public void User_cache_is_used_last()
    {
        using var cacheHome = new TempRepository().Write("acolhimento-validation/schemas/openapi/v1.35/api__v1_openapi.json", "{}");
        SchemaLocator.Locate(null, Environment(("XDG_CACHE_HOME", cacheHome.Root))).Root.ShouldBe(Path.Combine(cacheHome.Root, "acolhimento-validation", "schemas"));
    }

    /// <summary>Issue 25 §2: the schema cache honoured XDG_CACHE_HOME but not ACOLHIMENTO_CACHE_DIR, which tools and renders use.</summary>
    [Fact]
    public void The_harness_cache_folder_holds_the_schema_cache_as_it_holds_tools_and_renders()
    {
        using var cache = new TempRepository().Write("schemas/openapi/v1.35/api__v1_openapi.json", "{}");
        using var xdg = new TempRepository().Write("acolhimento-validation/schemas/openapi/v1.35/api__v1_openapi.json", "{}");
        var environment = Environment((Validation.Identity.CacheFolders.EnvironmentVariable, cache.Root), ("XDG_CACHE_HOME", xdg.Root));
        SchemaLocator.Locate(null, environment).Root.ShouldBe(Path.Combine(cache.Root, "schemas"));
        SchemaLocator.DefaultCacheDirectory(environment).ShouldBe(Path.Combine(Validation.Identity.CacheFolders.Root(environment), "schemas"));
    }

    [Fact]
    public void Nothing_found_names_every_way_to_provide_data()
    {
        using var emptyCache = new TempRepository();
        var message = Should.Throw<CannotValidateException>(() => SchemaLocator.Locate(null, Environment(("XDG_CACHE_HOME", emptyCache.Root)))).Message;
        message.ShouldContain("--schemas");
        message.ShouldContain(SchemaLocator.EnvironmentVariable);
        message.ShouldContain("schemas pull");
    }

    [Fact]
    public void Missing_explicit_folder_or_version_or_table_cannot_validate()
    {
        Should.Throw<CannotValidateException>(() => SchemaLocator.Locate("/definitely/not/here"));
        using var data = new TempRepository().Write("openapi/v1.34/api__v1_openapi.json", "{}");
        Should.Throw<CannotValidateException>(() => SchemaStage.Create(data.Root)).Message.ShouldContain("deprecation table");
        data.Write("deprecations/pluto-versions.yaml", MiniSchemas.DeprecationTableYaml);
        var stage = SchemaStage.Create(data.Root);
        Should.Throw<CannotValidateException>(() => stage.Catalog("1.35")).Message.ShouldContain("schemas pull --k8s-version 1.35");
    }

    [Fact]
    public void Crds_of_the_data_folder_are_loaded()
    {
        using var data = new TempRepository()
            .Write("openapi/v1.35/api__v1_openapi.json", MiniSchemas.Fixture("v1_openapi.json"))
            .Write("crds/demo/gadget-crd.yaml", MiniSchemas.Fixture("gadget-crd.yaml"))
            .Write("deprecations/pluto-versions.yaml", MiniSchemas.DeprecationTableYaml);
        var found = SchemaStage.Create(data.Root).Catalog("1.35").Find("demo.example.org/v1", "Gadget").ShouldBeOfType<KindFound>();
        found.Origin.ShouldContain("crds/demo/gadget-crd.yaml");
    }

    [Fact]
    public void Broken_crd_yaml_cannot_validate()
    {
        using var data = new TempRepository()
            .Write("openapi/v1.35/api__v1_openapi.json", MiniSchemas.Fixture("v1_openapi.json"))
            .Write("crds/demo/broken.yaml", "spec: [unclosed\n")
            .Write("deprecations/pluto-versions.yaml", MiniSchemas.DeprecationTableYaml);
        Should.Throw<CannotValidateException>(() => SchemaStage.Create(data.Root).Catalog("1.35").Find("x.example.org/v1", "X")).Message.ShouldContain("broken.yaml");
    }

    [Theory]
    [InlineData("v1.25.0", 1, 25, 0)]
    [InlineData("1.35", 1, 35, 0)]
    [InlineData("v0.9", 0, 9, 0)]
    public void Release_versions(string text, int major, int minor, int patch) =>
        ReleaseVersion.Parse(text).ShouldBe(new ReleaseVersion(major, minor, patch));

    [Theory]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("1")]
    [InlineData("1.2.3.4")]
    public void Not_release_versions(string text) => ReleaseVersion.Parse(text).ShouldBeNull();

    [Fact]
    public void Deprecation_table_matches_exact_kinds_before_whole_api_versions()
    {
        var table = DeprecationTable.Parse("""
            deprecated-versions:
              - {version: x.io/v1, kind: "", deprecated-in: v1.1.0, removed-in: v1.2.0, replacement-api: x.io/v2, component: k8s}
              - {version: x.io/v1, kind: Thing, deprecated-in: v1.5.0, removed-in: "", replacement-api: x.io/v3, component: k8s}
            """, "t");
        table.Find("x.io/v1", "Thing", kubernetesOnly: true)!.Replacement.ShouldBe("x.io/v3");
        table.Find("x.io/v1", "Other", kubernetesOnly: true)!.Replacement.ShouldBe("x.io/v2");
        table.Find("x.io/v1", "Thing", kubernetesOnly: true)!.IsRemovedIn(new ReleaseVersion(9, 0, 0)).ShouldBeFalse();
    }

    [Fact]
    public void Empty_or_broken_deprecation_tables_cannot_validate()
    {
        Should.Throw<CannotValidateException>(() => DeprecationTable.Parse("deprecated-versions: []\n", "t"));
        Should.Throw<CannotValidateException>(() => DeprecationTable.Parse("deprecated-versions: [\n", "t"));
    }

    [Theory]
    [InlineData("100m", 0.1)]
    [InlineData("1Gi", 1073741824)]
    [InlineData("1.5", 1.5)]
    [InlineData("2e3", 2000)]
    [InlineData("+.5k", 500)]
    [InlineData("-1", -1)]
    [InlineData("10u", 0.00001)]
    public void Quantities(string text, double value)
    {
        Quantity.IsValid(text).ShouldBeTrue();
        ((double)Quantity.Value(text)!).ShouldBe(value, 1e-9);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1 Gi")]
    [InlineData("1GB")]
    [InlineData("1Ki1")]
    [InlineData(".")]
    [InlineData("1e1.5")]
    [InlineData("0x10")]
    public void Not_quantities(string text) => Quantity.IsValid(text).ShouldBeFalse();

    [Theory]
    [InlineData("imagePullPolice", "imagePullPolicy")]
    [InlineData("ImagePullPolicy", "imagePullPolicy")]
    [InlineData("replcas", "replicas")]
    [InlineData("sevrice", "service")]
    public void Suggestions(string typo, string expected) =>
        FieldSuggestions.Closest(typo, ["imagePullPolicy", "image", "replicas", "service", "selector"]).ShouldBe(expected);

    [Fact]
    public void No_suggestion_when_nothing_is_close() => FieldSuggestions.Closest("zzz", ["image", "replicas"]).ShouldBeNull();
}
