using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Parsing;

[Trait("Category", "Unit")]
public sealed class ParseStageTests
{
    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n";

    private static ParseResult Parse(TempRepository repo, ParseOptions? options = null) =>
        Validation.Pipeline.RepositoryInput.Read(repo.Root, options).Parsed;

    [Fact]
    public void Clean_objects_yield_no_findings()
    {
        using var repo = new TempRepository().Write("apps/a/configmap.yaml", ConfigMap + "---\n" + ConfigMap.Replace("settings", "other"));
        var result = Parse(repo);
        result.Findings.ShouldBeEmpty();
        result.Repository.ObjectCount.ShouldBe(2);
    }

    [Fact]
    public void Duplicate_key_points_at_file_and_line()
    {
        using var repo = new TempRepository().Write("overlays/dev/patch.yaml", ConfigMap + "  name: again\n");
        var finding = Parse(repo).Findings.ShouldHaveSingle("parse/duplicate-key");
        finding.Location!.File.ShouldBe("overlays/dev/patch.yaml");
        finding.Location.Line.ShouldBe(5);
        finding.Location.Column.ShouldBe(3);
    }

    [Fact]
    public void Invalid_utf8_is_located()
    {
        var bytes = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: é\xff"u8.ToArray();
        bytes[^1] = 0xFF;
        using var repo = new TempRepository().WriteBytes("a.yaml", bytes);
        var finding = Parse(repo).Findings.ShouldHaveSingle("parse/invalid-utf8");
        finding.Location!.Line.ShouldBe(4);
        finding.Location.Column.ShouldBe(10);
    }

    [Fact]
    public void Binary_content_is_reported()
    {
        using var repo = new TempRepository().WriteBytes("a.yaml", [0x61, 0x3A, 0x00, 0x01]);
        Parse(repo).Findings.ShouldHaveSingle("parse/binary-content");
    }

    [Fact]
    public void Every_file_reads_as_it_does_alone_whatever_the_order_and_size_of_the_files_read_before_it()
    {
        // Workers reuse their read buffers from file to file: a small file after a large one, a BOM, non-ASCII text and
        // a file only the full reader reads must each give exactly the nodes of reading that file's text by itself.
        var texts = new Dictionary<string, string>
        {
            ["a/large.yaml"] = ConfigMap + "data:\n" + string.Concat(Enumerable.Range(0, 3000).Select(i => $"  key{i}: value-{i}-\u00e7\u00e3o\n")),
            ["a/small.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\n",
            ["b/bom.yaml"] = "\uFEFF" + ConfigMap.Replace("settings", "bom"),
            ["b/flow.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: flow}\ndata: {a: \"1\"}\n",
            ["c/medium.yaml"] = ConfigMap.Replace("settings", "medium") + "data:\n  script: |\n" + string.Concat(Enumerable.Range(0, 400).Select(i => $"    echo {i} \u2713\n")),
            ["c/empty.yaml"] = "",
            ["c/tiny.yaml"] = "x",
        };
        using var repo = new TempRepository();
        foreach (var (path, text) in texts) repo.Write(path, text);
        var parsed = Parse(repo).Repository;
        foreach (var (path, text) in texts)
        {
            var alone = Validation.Yaml.YamlReader.Read(text.TrimStart('\uFEFF'));
            var file = parsed.Find(path).ShouldNotBeNull();
            Yaml.PlainYamlReaderTests.Describe(new Validation.Yaml.YamlReadResult(file.Documents, alone.Problems))
                .ShouldBe(Yaml.PlainYamlReaderTests.Describe(alone), path);
        }
    }

    [Fact]
    public void Oversized_file_is_not_read()
    {
        using var repo = new TempRepository().Write("big.yaml", ConfigMap + "# " + new string('x', 2000) + "\n");
        Parse(repo, new ParseOptions(MaxFileBytes: 1000)).Findings.ShouldHaveSingle("parse/file-too-large");
    }

    [Theory]
    [InlineData("- a\n- b\n", "parse/not-an-object")]
    [InlineData("just text\n", "parse/not-an-object")]
    [InlineData("kind: ConfigMap\nmetadata:\n  name: x\n", "parse/missing-field")]
    [InlineData("apiVersion: v1\nmetadata:\n  name: x\n", "parse/missing-field")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n", "parse/missing-field")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\n", "parse/missing-field")]
    [InlineData("apiVersion: 1\nkind: ConfigMap\nmetadata:\n  name: x\n", "parse/missing-field")]
    public void Documents_that_are_not_objects_are_reported(string yaml, string rule)
    {
        // Beside an object the file declares itself a manifest file, so each of its documents is judged as an object
        // (YAML with no apiVersion and kind at all is other tools' configuration: AnyRepository/NonKubernetesYamlTests).
        using var repo = new TempRepository().Write("apps/x.yaml", ConfigMap + "---\n" + yaml);
        Parse(repo).Findings.ShouldHaveSingle(rule).Location!.File.ShouldBe("apps/x.yaml");
    }

    [Fact]
    public void Empty_documents_and_comments_are_fine()
    {
        using var repo = new TempRepository().Write("a.yaml", "# only a comment\n---\n---\n" + ConfigMap);
        Parse(repo).Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Tool_configuration_files_are_not_objects()
    {
        using var repo = new TempRepository()
            .Write("apps/a/kustomization.yaml", "resources:\n  - configmap.yaml\npatches:\n  - path: ops.yaml\n    target: {kind: ConfigMap}\n")
            .Write("apps/a/configmap.yaml", ConfigMap)
            .Write("apps/a/ops.yaml", "- op: add\n  path: /data\n  value: {}\n")
            .Write("charts/c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n")
            .Write("charts/c/values.yaml", "replicas: 1\n")
            .Write("charts/c/templates/cm.yaml", "{{ if .Values.x }}\nnot: [yaml\n{{ end }}\n")
            .Write(".github/workflows/ci.yml", "on: push\njobs: {}\n");
        var result = Parse(repo);
        result.Findings.ShouldBeEmpty();
        result.Repository.Find("apps/a/ops.yaml")!.File.Kind.ShouldBe(FileKind.KustomizePatch);
        result.Repository.Find("charts/c/templates/cm.yaml")!.File.Kind.ShouldBe(FileKind.HelmTemplate);
    }

    [Fact]
    public void Ignored_paths_and_build_folders_are_skipped()
    {
        using var repo = new TempRepository()
            .Write(".validationignore", "# fixtures are broken on purpose\nfixtures/\n*.skip.yaml\n")
            .Write("fixtures/bad.yaml", "a: [\n")
            .Write("x/obj/bad.yaml", "a: [\n")
            .Write("apps/thing.skip.yaml", "a: [\n")
            .Write("apps/ok.yaml", ConfigMap);
        var result = Parse(repo);
        result.Findings.ShouldBeEmpty();
        result.Repository.Files.Select(f => f.Path).ShouldBe(["apps/ok.yaml"]);
    }

    [Fact]
    public void Test_and_benchmark_output_is_skipped_like_every_folder_the_render_never_reads()
    {
        // Discovery skipped only .git, bin, obj and node_modules; the render cache also skipped these two.
        using var repo = new TempRepository()
            .Write("TestResults/run/bad.yaml", "a: [\n")
            .Write("validation/BenchmarkDotNet.Artifacts/results/bad.yaml", "a: [\n")
            .Write("apps/ok.yaml", ConfigMap);
        var result = Parse(repo);
        result.Findings.ShouldBeEmpty();
        result.Repository.Files.Select(f => f.Path).ShouldBe(["apps/ok.yaml"]);
    }

    [Fact]
    public void Symlink_leaving_the_repository_is_refused()
    {
        using var outside = new TempRepository().Write("secret.yaml", ConfigMap);
        using var repo = new TempRepository().Write("apps/ok.yaml", ConfigMap);
        File.CreateSymbolicLink(Path.Combine(repo.Root, "apps", "escape.yaml"), Path.Combine(outside.Root, "secret.yaml"));
        var finding = Parse(repo).Findings.ShouldHaveSingle("parse/symlink-outside-repository");
        finding.Location!.File.ShouldBe("apps/escape.yaml");
    }

    [Fact(Timeout = 5000)]
    public async Task Alias_bomb_file_yields_a_finding()
    {
        await Task.Yield();
        var lines = new List<string> { "apiVersion: v1", "kind: ConfigMap", "metadata: {name: bomb}", "a: &a [x,x,x,x,x,x,x,x,x,x]" };
        for (var c = 'b'; c <= 'j'; c++) lines.Add($"{c}: &{c} [{string.Join(",", Enumerable.Repeat("*" + (char)(c - 1), 10))}]");
        using var repo = new TempRepository().Write("bomb.yaml", string.Join('\n', lines) + "\n");
        Parse(repo).Findings.ShouldHaveSingle("parse/alias-expansion-limit");
    }

    [Fact]
    public void Random_bytes_never_crash_the_parser()
    {
        var random = new Random(1234);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(1, 400)];
            random.NextBytes(bytes);
            var alphabet = "ab: -[]{}&*!|>'\"#\n\t ,?%@`1~"u8.ToArray();
            var text = bytes.Select(b => alphabet[b % alphabet.Length]).ToArray();
            using var repo = new TempRepository().WriteBytes("fuzz.yaml", text);
            Should.NotThrow(() => Parse(repo));
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x62 }, 0)]
    [InlineData(new byte[] { 0x61, 0xFF, 0x62 }, 1)]
    [InlineData(new byte[] { 0xC3, 0xA9, 0x61, 0xE2, 0x82 }, 3)] // a sequence cut off at the end
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, 0)] // an encoded surrogate is not UTF-8
    public void First_invalid_utf8_byte_is_found_in_one_pass(byte[] bytes, int expected) =>
        ParseStage.FirstInvalidUtf8(bytes).ShouldBe(expected);

    [Fact]
    public void A_large_file_with_a_bad_byte_at_the_end_is_located_quickly()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(ConfigMap + "data:\n" + string.Concat(Enumerable.Repeat("  k: \u00e9t\u00e9\n", 200_000).Select((l, i) => l.Replace("k:", $"k{i}:"))));
        bytes[^2] = 0xFF;
        using var repo = new TempRepository().WriteBytes("big.yaml", bytes);
        Parse(repo).Findings.ShouldHaveSingle("parse/invalid-utf8").Location!.Line.ShouldBe(200_005);
    }
}
