using System.Text.Json;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Gate;

/// <summary>
/// Issue 21 §1 on a copy of this repository: each way a pull request could make Argo CD apply something the gate did not
/// check is planted once (all in one copy, validated once by README's command), and each planted defect is reported at
/// its line — an invalid field in the file Argo CD would apply, or an error saying what cannot be rendered.
/// </summary>
public sealed class PlantedRenderDecisions : IAsyncLifetime
{
    private const string Valid = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {0}\ndata:\n  a: b\n";

    /// <summary>An invalid field on line 6 of the file (<c>dataa</c>): the schema stage's error proves the file was rendered and checked.</summary>
    private const string Invalid = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {0}\ndata:\n  a: b\ndataa:\n  c: d\n";

    public const int InvalidLine = 7;

    private readonly TempRepository _copy = new();

    public int Exit { get; private set; }

    public IReadOnlyList<(string File, int Line, string Rule, string Message)> Findings { get; private set; } = [];

    public string Described => string.Join('\n', Findings.Select(f => $"{f.File}:{f.Line}: {f.Rule}: {f.Message}"));

    private static string Map(string format, string name) => string.Format(System.Globalization.CultureInfo.InvariantCulture, format, name);

    public static string Application(string name, string path, string block = "", string ns = "argocd", string revision = "main") => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          project: default
          destination:
            server: https://kubernetes.default.svc
            namespace: planted
          source:
            repoURL: https://github.com/central-acolhimento/gitops.git
            targetRevision: {revision}
            path: {path}
            {block}

        """;

    public async ValueTask InitializeAsync()
    {
        _copy.CopyFrom(RepositoryLocator.Root);
        var settings = Path.Combine(_copy.Root, "validation.yaml");
        File.WriteAllText(settings, File.ReadAllText(settings).Replace("    - name: dev\n      kubernetesVersion: \"1.35\"\n",
            "    - name: dev\n      kubernetesVersion: \"1.35\"\n      applicationNamespaces: [team-a, team-b]\n", StringComparison.Ordinal));
        File.AppendAllText(Path.Combine(_copy.Root, ".validationignore"), "\nplanted/ignored/\n");
        _copy
            // An explicit directory block on a kustomization folder: Argo CD applies extra.yaml, not the kustomization.
            .Write("clusters/dev/planted-explicit.yaml", Application("planted-explicit", "planted/explicit", "directory:\n      include: extra.yaml"))
            .Write("planted/explicit/kustomization.yaml", "resources:\n  - cm.yaml\n")
            .Write("planted/explicit/cm.yaml", Map(Valid, "explicit"))
            .Write("planted/explicit/extra.yaml", Map(Invalid, "explicit-extra"))
            // Chart.yaml and kustomization.yaml in one folder: Argo CD renders the kustomization.
            .Write("clusters/dev/planted-both.yaml", Application("planted-both", "planted/both"))
            .Write("planted/both/Chart.yaml", "apiVersion: v2\nname: both\nversion: 0.1.0\n")
            .Write("planted/both/templates/cm.yaml", Map(Valid, "both-chart"))
            .Write("planted/both/kustomization.yaml", "resources:\n  - bad.yaml\n")
            .Write("planted/both/bad.yaml", Map(Invalid, "both-kustomize"))
            // .argocd-source.yaml turns recursion on: Argo CD applies the subfolder too.
            .Write("clusters/dev/planted-params.yaml", Application("planted-params", "planted/params"))
            .Write("planted/params/cm.yaml", Map(Valid, "params"))
            .Write("planted/params/.argocd-source.yaml", "directory:\n  recurse: true\n")
            .Write("planted/params/sub/bad.yaml", Map(Invalid, "params-sub"))
            // bin/ and .validationignore paths are folders like any other to Argo CD.
            .Write("clusters/dev/planted-bin.yaml", Application("planted-bin", "planted/bin-folder", "directory:\n      recurse: true"))
            .Write("planted/bin-folder/cm.yaml", Map(Valid, "bin-top"))
            .Write("planted/bin-folder/bin/bad.yaml", Map(Invalid, "bin-nested"))
            .Write("clusters/dev/planted-ignored.yaml", Application("planted-ignored", "planted/ignored"))
            .Write("planted/ignored/bad.yaml", Map(Invalid, "ignored"))
            // Two Applications "web" in two watched namespaces: the second one's objects are checked too.
            .Write("clusters/dev/planted-web-a.yaml", Application("web", "planted/web-a", ns: "team-a"))
            .Write("planted/web-a/cm.yaml", Map(Valid, "web-a"))
            .Write("clusters/dev/planted-web-b.yaml", Application("web", "planted/web-b", ns: "team-b"))
            .Write("planted/web-b/bad.yaml", Map(Invalid, "web-b"))
            // What cannot be rendered is an error at its line, never a pass.
            .Write("clusters/dev/planted-unwatched.yaml", Application("planted-unwatched", "planted/web-a", ns: "elsewhere"))
            .Write("clusters/dev/planted-jsonnet.yaml", Application("planted-jsonnet", "planted/jsonnet"))
            .Write("planted/jsonnet/main.jsonnet", "local name = 'j';\n{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: name }, bogus: 1 }\n")
            .Write("clusters/dev/planted-revision.yaml", Application("planted-revision", "planted/web-a", revision: "v0.1.0"))
            .Write("clusters/dev/planted-two-types.yaml", Application("planted-two-types", "planted/explicit", "directory:\n      include: extra.yaml\n    kustomize:\n      namePrefix: x-"));

        var (exit, output, error) = await CliRun.RunAsync(["validate", "--repo", _copy.Root, "--cluster", "dev", "--format", "json"]);
        Exit = exit;
        Findings = JsonDocument.Parse(output.Length > 0 ? output : "{\"findings\":[]}").RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("severity").GetString() == "error")
            .Select(f => (f.GetProperty("file").GetString()!, f.GetProperty("line").GetInt32(), f.GetProperty("rule").GetString()!, f.GetProperty("message").GetString()!))
            .ToList();
        if (Findings.Count == 0) Findings = [("(no report)", 0, "", error + output)];
    }

    public ValueTask DisposeAsync()
    {
        _copy.Dispose();
        return ValueTask.CompletedTask;
    }
}

[Trait("Category", "Gate")]
public sealed class RenderDecisionGateTests(PlantedRenderDecisions planted) : IClassFixture<PlantedRenderDecisions>
{
    [Theory]
    [InlineData("planted/explicit/extra.yaml")]       // explicit directory block wins over the kustomization
    [InlineData("planted/both/bad.yaml")]             // kustomization.yaml wins over Chart.yaml
    [InlineData("planted/params/sub/bad.yaml")]       // .argocd-source.yaml merged before the type decision
    [InlineData("planted/bin-folder/bin/bad.yaml")]   // bin/ is read as Argo CD reads it
    [InlineData("planted/ignored/bad.yaml")]          // .validationignore limits the parse stage only
    [InlineData("planted/web-b/bad.yaml")]            // the second Application "web", in another namespace
    public void A_file_argo_cd_would_apply_is_checked_at_its_line(string file)
    {
        SchemaDataSkip.RequireForRender();
        planted.Exit.ShouldBe(1, planted.Described);
        planted.Findings.ShouldContain(f => f.File == file && f.Line == PlantedRenderDecisions.InvalidLine && f.Rule == "schema/unknown-field", planted.Described);
    }

    [Fact]
    public void An_object_Jsonnet_generates_is_checked_at_its_file()
    {
        SchemaDataSkip.RequireForRender();
        planted.Findings.ShouldContain(f => f.File == "planted/jsonnet/main.jsonnet" && f.Rule == "schema/unknown-field" && f.Message.Contains("bogus", StringComparison.Ordinal), planted.Described);
    }

    [Theory]
    [InlineData("clusters/dev/planted-unwatched.yaml", 5, RenderRules.UnwatchedNamespace)]
    [InlineData("clusters/dev/planted-revision.yaml", 13, RenderRules.OtherRevision)]
    [InlineData("clusters/dev/planted-two-types.yaml", 15, RenderRules.SourceTypeConflict)]
    public void What_cannot_be_rendered_is_an_error_at_its_line(string file, int line, string rule)
    {
        SchemaDataSkip.RequireForRender();
        planted.Exit.ShouldBe(1, planted.Described);
        planted.Findings.ShouldContain(f => f.File == file && f.Line == line && f.Rule == rule, planted.Described);
    }
}
