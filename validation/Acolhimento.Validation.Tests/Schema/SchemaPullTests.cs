using Acolhimento.Validation.Kubernetes;
using System.Net;
using System.Text;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Schema.Pull;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Schema;

[Trait("Category", "Unit")]
public sealed class SchemaPullTests
{
    private static readonly byte[] CoreJson = Encoding.UTF8.GetBytes("{\"components\":{\"schemas\":{}}}");
    private static readonly byte[] CrdYaml = Encoding.UTF8.GetBytes("kind: CustomResourceDefinition\n");
    private static readonly byte[] Table = Encoding.UTF8.GetBytes("deprecated-versions: []\n");

    private static string LockYaml(string? coreSha = null) => $"""
        kubernetes:
          - version: "1.35"
            urlTemplate: https://example.test/builtins/{"{version}"}/{"{path}"}
            files:
              - name: api__v1_openapi.json
                sha256: {coreSha ?? SchemaPuller.Sha256Of(CoreJson)}
        crds:
          - project: demo
            version: v1.0.0
            files:
              - name: gadgets.yaml
                url: https://example.test/demo/gadgets.yaml
                sha256: {SchemaPuller.Sha256Of(CrdYaml)}
        deprecations:
          - name: pluto-versions.yaml
            url: https://example.test/pluto/versions.yaml
            sha256: {SchemaPuller.Sha256Of(Table)}
        """;

    /// <summary>Serves canned bodies by URL and records what was asked; no network.</summary>
    private sealed class FakeHandler(Dictionary<string, byte[]> bodies) : HttpMessageHandler
    {
        public List<string> Requested { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var url = request.RequestUri!.ToString();
            Requested.Add(url);
            return Task.FromResult(bodies.TryGetValue(url, out var body)
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) }
                : new HttpResponseMessage(HttpStatusCode.NotFound));
        }
    }

    private static FakeHandler Upstream(byte[]? core = null) => new(new Dictionary<string, byte[]>
    {
        ["https://example.test/builtins/1.35/api/v1.json"] = core ?? CoreJson,
        ["https://example.test/demo/gadgets.yaml"] = CrdYaml,
        ["https://example.test/pluto/versions.yaml"] = Table,
    });

    [Fact]
    public void Lock_file_builds_urls_and_the_cache_layout()
    {
        var files = SchemaLock.Parse(LockYaml(), "lock").FilesFor("1.35");
        files.Select(f => (f.Url, f.TargetPath)).ShouldBe(
        [
            ("https://example.test/builtins/1.35/api/v1.json", "openapi/v1.35/api__v1_openapi.json"),
            ("https://example.test/demo/gadgets.yaml", "crds/demo/gadgets.yaml"),
            ("https://example.test/pluto/versions.yaml", "deprecations/pluto-versions.yaml"),
        ]);
    }

    [Fact]
    public void The_repository_lock_file_covers_the_shared_data_layout()
    {
        var files = SchemaLock.Load(Path.Combine(RepositoryLocator.Root, SchemaLock.DefaultRelativePath)).FilesFor("1.35");
        files.Count(f => f.TargetPath.StartsWith("openapi/v1.35/", StringComparison.Ordinal)).ShouldBe(36);
        files.ShouldContain(f => f.TargetPath == "openapi/v1.35/apis__apps__v1_openapi.json" && f.Url.EndsWith("/1.35/apis/apps/v1.json", StringComparison.Ordinal));
        files.ShouldContain(f => f.TargetPath == "crds/argo-cd/application-crd.yaml");
        files.ShouldContain(f => f.TargetPath == "deprecations/pluto-versions.yaml");
        files.ShouldAllBe(f => f.Url.StartsWith("https://", StringComparison.Ordinal) && f.Sha256.Length == 64);
    }

    [Fact]
    public void The_lock_file_checksums_match_the_shared_data_when_present()
    {
        var directory = SchemaDataSkip.RequireDirectory();
        foreach (var file in SchemaLock.Load(Path.Combine(RepositoryLocator.Root, SchemaLock.DefaultRelativePath)).FilesFor("1.35"))
        {
            SchemaPuller.Sha256Of(File.ReadAllBytes(Path.Combine(directory!, file.TargetPath))).ShouldBe(file.Sha256, file.TargetPath);
        }
    }

    [Theory]
    [InlineData("kubernetes: [{version: '1.35', urlTemplate: 'u', files: [{name: api__v1_openapi.json, sha256: abc}]}]", "64 hex digits")]
    [InlineData("crds: [{project: ../escape, version: v1, files: []}]", "plain file name")]
    [InlineData("deprecations: [{name: x.yaml, sha256: 0000000000000000000000000000000000000000000000000000000000000000}]", "no url")]
    [InlineData("kubernetes: [\n  - version: 1.35\n    version: 1.36\n]", "line")]
    public void Invalid_lock_files_cannot_validate(string yaml, string reason) =>
        Should.Throw<CannotValidateException>(() => SchemaLock.Parse(yaml, "lock")).Message.ShouldContain(reason);

    [Fact]
    public void Unknown_kubernetes_version_names_the_ones_locked() =>
        Should.Throw<CannotValidateException>(() => SchemaLock.Parse(LockYaml(), "lock").FilesFor("1.36")).Message.ShouldContain("1.35");

    [Fact]
    public async Task Pull_writes_the_layout_the_stage_reads_and_skips_verified_files()
    {
        using var output = new TempRepository();
        var handler = Upstream();
        using var http = new HttpClient(handler);
        var schemaLock = SchemaLock.Parse(LockYaml(), "lock");

        var first = await new SchemaPuller(http).PullAsync(schemaLock, "v1.35", output.Root, TestContext.Current.CancellationToken);
        first.Downloaded.Count.ShouldBe(3);
        File.ReadAllBytes(Path.Combine(output.Root, "openapi", "v1.35", "api__v1_openapi.json")).ShouldBe(CoreJson);
        File.Exists(Path.Combine(output.Root, "crds", "demo", "gadgets.yaml")).ShouldBeTrue();
        SchemaLocator.Locate(output.Root).OpenApiDirectory("1.35").ShouldBe(Path.Combine(output.Root, "openapi", "v1.35"));

        var second = await new SchemaPuller(http).PullAsync(schemaLock, "1.35", output.Root, TestContext.Current.CancellationToken);
        second.Downloaded.ShouldBeEmpty();
        second.AlreadyPresent.Count.ShouldBe(3);
        handler.Requested.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Checksum_mismatch_stops_and_writes_nothing()
    {
        using var output = new TempRepository();
        using var http = new HttpClient(Upstream(core: Encoding.UTF8.GetBytes("{\"tampered\":true}")));
        var ex = await Should.ThrowAsync<CannotValidateException>(() =>
            new SchemaPuller(http).PullAsync(SchemaLock.Parse(LockYaml(), "lock"), "1.35", output.Root, TestContext.Current.CancellationToken));
        ex.Message.ShouldContain("checksum mismatch");
        Directory.Exists(Path.Combine(output.Root, "openapi")).ShouldBeFalse();
    }

    [Fact]
    public async Task Http_failure_cannot_validate()
    {
        using var output = new TempRepository();
        using var http = new HttpClient(new FakeHandler([]));
        (await Should.ThrowAsync<CannotValidateException>(() =>
            new SchemaPuller(http).PullAsync(SchemaLock.Parse(LockYaml(), "lock"), "1.35", output.Root, TestContext.Current.CancellationToken))).Message.ShouldContain("HTTP 404");
    }

    [Fact]
    public async Task Cli_pull_uses_the_lock_file_and_reports()
    {
        using var repo = new TempRepository().Write("validation/schemas.lock.yaml", LockYaml()).Write("validation.yaml", "kind: RepositoryConfiguration\n");
        var stdout = new StringWriter();
        var root = new System.CommandLine.RootCommand { Acolhimento.Validation.Cli.SchemaCommands.Create(stdout, () => Upstream()) };
        var target = Path.Combine(repo.Root, "out");
        var exit = await root.Parse(["schemas", "pull", "--k8s-version", "1.35", "--output", target, "--repo", repo.Root]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
        exit.ShouldBe(0);
        stdout.ToString().ShouldContain("3 file(s) downloaded");
        File.Exists(Path.Combine(target, "deprecations", "pluto-versions.yaml")).ShouldBeTrue();
    }

    [Fact]
    public async Task Cli_pull_without_a_version_and_without_validation_yaml_exits_two()
    {
        using var repo = new TempRepository().Write("validation/schemas.lock.yaml", LockYaml());
        var result = await CliRun.RunAsync(["schemas", "pull", "--repo", repo.Root, "--output", Path.Combine(repo.Root, "out")]);
        result.Exit.ShouldBe(2);
        result.Err.ShouldStartWith("error: no --k8s-version given and none read from the repository: validation.yaml not found");
    }

    /// <summary>Issue 25 §2: the version is declared once, in validation.yaml; pull takes each version its clusters run, once.</summary>
    [Fact]
    public async Task Cli_pull_without_a_version_takes_each_version_validation_yaml_declares()
    {
        using var small = new AnyRepository.SmallRepository();
        var declared = File.ReadAllText(Path.Combine(small.Files.Root, "validation.yaml"))
            .Replace("""
                    - name: one
                      kubernetesVersion: "1.35"
                """, """
                    - name: one
                      kubernetesVersion: "1.35"
                    - name: two
                      kubernetesVersion: v1.35.2
                      argoCdClusters:
                        - name: spoke
                          server: https://spoke.example
                          kubernetesVersion: "1.34"
                """, StringComparison.Ordinal);
        var lockWith134 = LockYaml().Replace("kubernetes:\n", $"kubernetes:\n  - version: \"1.34\"\n    urlTemplate: https://example.test/builtins/{{version}}/{{path}}\n    files:\n      - name: api__v1_openapi.json\n        sha256: {SchemaPuller.Sha256Of(CoreJson)}\n", StringComparison.Ordinal);
        small.Files.Write("validation.yaml", declared).Write("validation/schemas.lock.yaml", lockWith134);
        Configuration.RepositoryConfiguration.Load(small.Files.Root).KubernetesVersions.ShouldBe(["1.35", "1.34"]);

        var stdout = new StringWriter();
        var root = new System.CommandLine.RootCommand { Acolhimento.Validation.Cli.SchemaCommands.Create(stdout, () => new FakeHandler(new Dictionary<string, byte[]>
        {
            ["https://example.test/builtins/1.35/api/v1.json"] = CoreJson,
            ["https://example.test/builtins/1.34/api/v1.json"] = CoreJson,
            ["https://example.test/demo/gadgets.yaml"] = CrdYaml,
            ["https://example.test/pluto/versions.yaml"] = Table,
        })) };
        var target = Path.Combine(small.Files.Root, "out");
        var exit = await root.Parse(["schemas", "pull", "--output", target, "--repo", small.Files.Root]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
        exit.ShouldBe(0);
        // 1.35 and v1.35.2 are one version: two pulls, the second finding the CRDs and deprecations already there.
        stdout.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[(l.IndexOf(':') + 2)..]).ShouldBe(
            ["3 file(s) downloaded, 0 already present and verified", "1 file(s) downloaded, 2 already present and verified"]);
        File.Exists(Path.Combine(target, "openapi", "v1.35", "api__v1_openapi.json")).ShouldBeTrue();
        File.Exists(Path.Combine(target, "openapi", "v1.34", "api__v1_openapi.json")).ShouldBeTrue();
    }
}
