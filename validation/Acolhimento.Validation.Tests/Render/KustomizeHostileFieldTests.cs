using System.Net;
using System.Net.Sockets;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Discovery;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render;

/// <summary>
/// Every field of a kustomization (and of a built-in plugin configuration, inline or in a file, and of kustomizations
/// reached through resources, components and plugin folders) that names a file, a URL or inline YAML, each given a URL
/// or hostile inline YAML: each is refused at its line before any tool runs (<see cref="KustomizeSafety"/>).
/// </summary>
[Trait("Category", "Unit")]
public sealed class KustomizeHostileFieldTests
{
    private const string Url = "http://127.0.0.1:1/x.yaml";

    /// <summary>One kustomization per URL-taking field: the file's text (with <c>URL</c> for the address) and the rule expected on the line holding it.</summary>
    public static readonly IReadOnlyDictionary<string, (string Kustomization, string Rule)> UrlFields = new Dictionary<string, (string, string)>
    {
        ["resources"] = ("resources:\n  - URL\n", RenderRules.RemoteResource),
        ["bases"] = ("bases:\n  - URL\n", RenderRules.RemoteResource),
        ["components"] = ("components:\n  - URL\n", RenderRules.RemoteResource),
        ["git resource"] = ("resources:\n  - git@github.com:evil/repo//base?ref=main\n", RenderRules.RemoteBaseUnpinned),
        ["github shorthand"] = ("resources:\n  - github.com/evil/repo/base?ref=v1\n", RenderRules.RemoteBaseUnpinned),
        ["file url resource"] = ("resources:\n  - file:///etc/kubernetes\n", RenderRules.RemoteResource),
        ["crds"] = ("crds:\n  - URL\n", RenderRules.RemoteResource),
        ["configurations"] = ("configurations:\n  - URL\n", RenderRules.RemoteResource),
        ["openapi.path"] = ("openapi:\n  path: URL\n", RenderRules.RemoteResource),
        ["patches[].path"] = ("patches:\n  - path: URL\n", RenderRules.RemoteResource),
        ["patchesJson6902[].path"] = ("patchesJson6902:\n  - target: {kind: ConfigMap, name: a}\n    path: URL\n", RenderRules.RemoteResource),
        ["patchesStrategicMerge"] = ("patchesStrategicMerge:\n  - URL\n", RenderRules.RemoteResource),
        ["replacements[].path"] = ("replacements:\n  - path: URL\n", RenderRules.RemoteResource),
        ["configMapGenerator files"] = ("configMapGenerator:\n  - name: a\n    files:\n      - URL\n", RenderRules.RemoteResource),
        ["configMapGenerator files key=url"] = ("configMapGenerator:\n  - name: a\n    files:\n      - key=URL\n", RenderRules.RemoteResource),
        ["configMapGenerator envs"] = ("configMapGenerator:\n  - name: a\n    envs:\n      - URL\n", RenderRules.RemoteResource),
        ["configMapGenerator env"] = ("configMapGenerator:\n  - name: a\n    env: URL\n", RenderRules.RemoteResource),
        ["secretGenerator files"] = ("secretGenerator:\n  - name: a\n    files:\n      - URL\n", RenderRules.RemoteResource),
        ["secretGenerator envs"] = ("secretGenerator:\n  - name: a\n    envs:\n      - URL\n", RenderRules.RemoteResource),
        ["generators"] = ("generators:\n  - URL\n", RenderRules.RemoteResource),
        ["transformers"] = ("transformers:\n  - URL\n", RenderRules.RemoteResource),
        ["validators"] = ("validators:\n  - URL\n", RenderRules.RemoteResource),
        ["helmCharts repo"] = ("helmCharts:\n  - name: x\n    repo: URL\n", RenderRules.HelmInKustomizeRefused),
        ["helmGlobals"] = ("helmGlobals:\n  chartHome: URL\n", RenderRules.HelmInKustomizeRefused),
        ["helmChartInflationGenerator"] = ("helmChartInflationGenerator:\n  - chartName: x\n    chartRepoUrl: URL\n", RenderRules.HelmInKustomizeRefused),
        ["inline PatchTransformer path"] = ("transformers:\n  - |\n    apiVersion: builtin\n    kind: PatchTransformer\n    metadata: {name: p}\n    path: URL\n", RenderRules.RemoteResource),
        ["inline PatchStrategicMergeTransformer paths"] = ("transformers:\n  - |\n    apiVersion: builtin\n    kind: PatchStrategicMergeTransformer\n    metadata: {name: p}\n    paths: [URL]\n", RenderRules.RemoteResource),
        ["inline PatchJson6902Transformer path"] = ("transformers:\n  - |\n    apiVersion: builtin\n    kind: PatchJson6902Transformer\n    metadata: {name: p}\n    path: URL\n", RenderRules.RemoteResource),
        ["inline ReplacementTransformer"] = ("transformers:\n  - |\n    apiVersion: builtin\n    kind: ReplacementTransformer\n    metadata: {name: p}\n    replacements:\n      - path: URL\n", RenderRules.RemoteResource),
        ["inline ConfigMapGenerator"] = ("generators:\n  - |\n    apiVersion: builtin\n    kind: ConfigMapGenerator\n    metadata: {name: p}\n    files: [URL]\n", RenderRules.RemoteResource),
        ["inline SecretGenerator envs"] = ("generators:\n  - |\n    apiVersion: builtin\n    kind: SecretGenerator\n    metadata: {name: p}\n    envs: [URL]\n", RenderRules.RemoteResource),
        ["inline HelmChartInflationGenerator"] = ("generators:\n  - |\n    apiVersion: builtin\n    kind: HelmChartInflationGenerator\n    metadata: {name: p}\n    repo: URL\n", RenderRules.HelmInKustomizeRefused),
        ["key spelled in capitals"] = ("Resources:\n  - URL\n", RenderRules.RemoteResource),
        ["key spelled with a long s"] = ("reſources:\n  - URL\n", RenderRules.RemoteResource),
        ["nested key in capitals"] = ("patches:\n  - PATH: URL\n", RenderRules.RemoteResource),
    };

    /// <summary>Fields that name a URL in another file than the kustomization: a base, a component, a plugin configuration file or folder.</summary>
    public static readonly IReadOnlyDictionary<string, (string Kustomization, string OtherFile, string OtherText, string Rule)> UrlFieldsElsewhere =
        new Dictionary<string, (string, string, string, string)>
        {
            ["base's patches"] = ("resources:\n  - base\n", "apps/x/base/kustomization.yaml", "patches:\n  - path: URL\n", RenderRules.RemoteResource),
            ["component's crds"] = ("components:\n  - comp\n", "apps/x/comp/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncrds:\n  - URL\n", RenderRules.RemoteResource),
            ["transformer file"] = ("transformers:\n  - t.yaml\n", "apps/x/t.yaml", "apiVersion: builtin\nkind: PatchTransformer\nmetadata:\n  name: p\npath: URL\n", RenderRules.RemoteResource),
            ["transformer folder"] = ("transformers:\n  - tf\n", "apps/x/tf/t.yaml", "apiVersion: builtin\nkind: PatchTransformer\nmetadata:\n  name: p\npath: URL\n", RenderRules.RemoteResource),
            ["generator file with HelmChartInflationGenerator"] = ("generators:\n  - g.yaml\n", "apps/x/g.yaml", "apiVersion: builtin\nkind: HelmChartInflationGenerator\nmetadata:\n  name: h\nrepo: URL\n", RenderRules.HelmInKustomizeRefused),
        };

    public static TheoryData<string> UrlFieldNames => new(UrlFields.Keys);

    public static TheoryData<string> UrlElsewhereNames => new(UrlFieldsElsewhere.Keys);

    [Theory]
    [MemberData(nameof(UrlFieldNames))]
    public void A_url_in_any_field_is_refused_at_its_line(string field)
    {
        var (text, rule) = UrlFields[field];
        using var repo = new TempRepository().Write("apps/x/kustomization.yaml", text.Replace("URL", Url, StringComparison.Ordinal));
        var findings = Scan(repo, "apps/x");
        var expected = rule == RenderRules.HelmInKustomizeRefused ? LineOf(text, "helm")
            : text.Contains("URL", StringComparison.Ordinal) ? LineOf(text, "URL") : text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        findings.ShouldContain(f => f.Rule == rule && f.Location!.File == "apps/x/kustomization.yaml" && f.Location.Line == expected, field + ": " + findings.Describe());
    }

    [Theory]
    [MemberData(nameof(UrlElsewhereNames))]
    public void A_url_in_a_file_the_kustomization_reaches_is_refused_at_its_line(string field)
    {
        var (text, other, otherText, rule) = UrlFieldsElsewhere[field];
        using var repo = new TempRepository().Write("apps/x/kustomization.yaml", text).Write(other, otherText.Replace("URL", Url, StringComparison.Ordinal));
        if (other.EndsWith("tf/t.yaml", StringComparison.Ordinal)) repo.Write("apps/x/tf/kustomization.yaml", "resources:\n  - t.yaml\n");
        var findings = Scan(repo, "apps/x");
        var inOther = rule == RenderRules.HelmInKustomizeRefused ? findings.Where(f => f.Rule == rule) : findings.Where(f => f.Rule == rule && f.Location!.File == other && f.Location.Line == LineOf(otherText, "URL"));
        inOther.ShouldNotBeEmpty(field + ": " + findings.Describe());
    }

    /// <summary>Inline YAML a tool would parse, each with hostile content: refused at its line in the kustomization, under the parse stage's limits.</summary>
    public static readonly IReadOnlyDictionary<string, (string Kustomization, string Marker)> InlineFields = new Dictionary<string, (string, string)>
    {
        ["patches[].patch"] = ("patches:\n  - target: {kind: ConfigMap}\n    patch: |\nBODY", "BODY"),
        ["patchesJson6902[].patch"] = ("patchesJson6902:\n  - target: {kind: ConfigMap, name: a}\n    patch: |\nBODY", "BODY"),
        ["patchesStrategicMerge inline"] = ("patchesStrategicMerge:\n  - |\nBODY", "BODY"),
        ["transformers inline"] = ("transformers:\n  - |\nBODY", "BODY"),
        ["generators inline"] = ("generators:\n  - |\nBODY", "BODY"),
        ["validators inline"] = ("validators:\n  - |\nBODY", "BODY"),
        ["PatchTransformer.patch inside an inline transformer"] = ("transformers:\n  - |\n    apiVersion: builtin\n    kind: PatchTransformer\n    metadata: {name: p}\n    patch: |\nDEEPER", "apiVersion: builtin"),
    };

    public static TheoryData<string, string> InlineCases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var name in InlineFields.Keys) foreach (var hostile in new[] { "alias bomb", "too deep" }) data.Add(name, hostile);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(InlineCases))]
    public void Hostile_inline_yaml_is_refused_at_its_line_before_any_tool(string field, string hostile)
    {
        var (text, marker) = InlineFields[field];
        var body = hostile == "alias bomb" ? HostileYaml.AliasBomb() : HostileYaml.TooDeep();
        var kustomization = text.Replace("BODY", Indent(body, 4), StringComparison.Ordinal).Replace("DEEPER", Indent(body, 6), StringComparison.Ordinal);
        using var repo = new TempRepository().Write("apps/x/kustomization.yaml", kustomization);
        var (findings, cost) = HostileEntries.Measure(() => Scan(repo, "apps/x"));
        TestContext.Current.TestOutputHelper?.WriteLine($"{field}, {hostile}: {cost}");
        var refused = findings.Where(f => f.Rule == RenderRules.InputRefused && f.Location!.File == "apps/x/kustomization.yaml").ToList();
        refused.ShouldNotBeEmpty(findings.Describe());
        var first = marker is "BODY" ? text.Split('\n').Length : LineOf(kustomization, marker) - 1; // a block scalar's text starts on the line after its indicator
        refused[0].Location!.Line.ShouldBeGreaterThanOrEqualTo(first);
        refused[0].Message.ShouldContain(hostile == "alias bomb" ? "parse/alias-expansion-limit" : "parse/nesting-too-deep");
    }

    [Fact]
    public void Inline_yaml_the_limits_accept_is_handed_on()
    {
        using var repo = new TempRepository().Write("apps/x/kustomization.yaml",
            "resources: [cm.yaml]\npatches:\n  - target: {kind: ConfigMap}\n    patch: |\n      - op: add\n        path: /data/b\n        value: \"2\"\n")
            .Write("apps/x/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  a: \"1\"\n");
        Scan(repo, "apps/x").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_local_http_server_named_in_every_url_field_receives_no_request()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/x.yaml";
        var accepted = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    using var client = await listener.AcceptTcpClientAsync(stop.Token);
                    Interlocked.Increment(ref accepted);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, TestContext.Current.CancellationToken);

        using var fixture = new RenderFixture();
        var kustomization = string.Concat(UrlFields.Where(f => !f.Key.StartsWith("key ", StringComparison.Ordinal) && !f.Key.StartsWith("nested key", StringComparison.Ordinal) && f.Value.Rule == RenderRules.RemoteResource)
            .Select(f => f.Value.Kustomization).GroupBy(Key).Select(g => Key(g.First()) + ":\n" + string.Concat(g.Select(Items))))
            .Replace("URL", url, StringComparison.Ordinal).Replace("resources:\n", "resources:\n  - ../../apps/web\n", StringComparison.Ordinal);
        fixture.Write("overlays/one/kustomization.yaml", kustomization);
        fixture.Write("apps/web/kustomization.yaml", "resources:\n  - deployment.yaml\npatches:\n  - path: " + url + "\n");
        var (_, render) = await fixture.ParseAndRenderAsync();

        await stop.CancelAsync();
        await accepting;
        accepted.ShouldBe(0);
        var remote = render.Findings.Where(f => f.Rule == RenderRules.RemoteResource).ToList();
        foreach (var (line, number) in kustomization.Split('\n').Select((l, i) => (l, i + 1)).Where(p => p.l.Contains(url, StringComparison.Ordinal)))
            remote.ShouldContain(f => f.Location!.File == "overlays/one/kustomization.yaml" && f.Location.Line == number, line);
        remote.ShouldContain(f => f.Location!.File == "apps/web/kustomization.yaml");

        static string Key(string yaml) => yaml[..yaml.IndexOf(':')];
        static string Items(string yaml) => yaml[(yaml.IndexOf('\n') + 1)..];
    }

    private static IReadOnlyList<Finding> Scan(TempRepository repo, string folder) =>
        KustomizeSafety.Scan(RepositoryInput.Read(repo.Root).Repository, folder).Findings;

    private static int LineOf(string text, string marker) => text.Split('\n').Select((l, i) => (l, i)).First(p => p.l.Contains(marker, StringComparison.OrdinalIgnoreCase)).i + 1;

    private static string Indent(string text, int spaces) => string.Concat(text.Split('\n').Where(l => l.Length > 0).Select(l => new string(' ', spaces) + l + "\n"));
}
