using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Tests.Policy;

/// <summary>An expected finding of a failing fixture: rule, file (relative to the fixture folder) and line.</summary>
public sealed record ExpectedFinding(string Rule, string File, int Line)
{
    public override string ToString() => $"{File}:{Line}: {Rule}";
}

/// <summary>
/// A policy fixture under <c>policy/tests/&lt;rule-name&gt;/{pass,fail}/</c>: one YAML file, or a folder of them (a small
/// repository, for rules that look across objects), with an optional <c>&lt;name&gt;.expected.yaml</c> naming the cluster
/// and the exact findings.
/// </summary>
public sealed record PolicyFixture(string RuleId, bool ShouldFail, string Name, string RelativePath)
{
    public const string TestsFolder = "policy/tests";
    public const string DefaultCluster = "dev";
    public const string OrganisationProfile = "organisation";
    public const string KubernetesProfile = "kubernetes";

    public override string ToString() => RelativePath;

    public string FullPath => Path.Combine(RepositoryLocator.Root, RelativePath);

    public string ExpectationsPath => Path.Combine(Path.GetDirectoryName(FullPath.TrimEnd('/'))!, Name + ".expected.yaml");

    /// <summary>Every fixture, in a stable order; folders without pass/fail and stray files are reported by the coverage test.</summary>
    public static IReadOnlyList<PolicyFixture> All()
    {
        var root = Path.Combine(RepositoryLocator.Root, TestsFolder);
        var fixtures = new List<PolicyFixture>();
        if (!Directory.Exists(root)) return fixtures;
        foreach (var ruleFolder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var ruleName = Path.GetFileName(ruleFolder);
            foreach (var outcome in new[] { "pass", "fail" })
            {
                var folder = Path.Combine(ruleFolder, outcome);
                if (!Directory.Exists(folder)) continue;
                var entries = Directory.GetFiles(folder, "*.yaml").Where(f => !f.EndsWith(".expected.yaml", StringComparison.Ordinal))
                    .Concat(Directory.GetDirectories(folder))
                    .Order(StringComparer.Ordinal);
                foreach (var entry in entries)
                {
                    var name = Path.GetFileName(entry);
                    if (name.EndsWith(".yaml", StringComparison.Ordinal)) name = name[..^5];
                    fixtures.Add(new PolicyFixture("policy/" + ruleName, outcome == "fail", name, Relative(entry)));
                }
            }
        }
        return fixtures;
    }

    /// <summary>The cluster the fixture describes, its objects traced to the fixture's own files and lines.</summary>
    public RenderedCluster Load(string clusterName)
    {
        var files = Directory.Exists(FullPath)
            ? Directory.GetFiles(FullPath, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
            : [FullPath];
        var objects = files.SelectMany(f => RenderedObjects.FromText(Relative(f), File.ReadAllText(f), clusterName, "fixture")).ToList();
        return new RenderedCluster(clusterName, "1.35", [], objects, []);
    }

    /// <summary>
    /// The cluster the fixture runs as, the profile whose parameters it is judged with (<c>profile: kubernetes</c> for
    /// behaviour that the organisation profile's stricter parameters, such as the Pod Security floor, would hide) and its findings.
    /// </summary>
    public (string Cluster, IReadOnlyList<ExpectedFinding> Findings) Expectations() => (ReadExpectations().Cluster, ReadExpectations().Findings);

    public string Profile => ReadExpectations().Profile;

    private (string Cluster, string Profile, IReadOnlyList<ExpectedFinding> Findings) ReadExpectations()
    {
        if (!File.Exists(ExpectationsPath)) return (DefaultCluster, OrganisationProfile, []);
        var read = YamlReader.Read(File.ReadAllText(ExpectationsPath));
        if (read.Problems.Count > 0 || read.Documents.FirstOrDefault()?.Root is not YamlMapping root)
        {
            throw new InvalidDataException($"{ExpectationsPath} is not a YAML mapping");
        }
        var defaultFile = Directory.Exists(FullPath) ? null : Name + ".yaml";
        var findings = (root.Sequence("findings")?.Items ?? []).Select(item =>
        {
            var entry = item as YamlMapping ?? throw new InvalidDataException($"{ExpectationsPath}: a finding must be a mapping");
            var rule = entry.String("rule") ?? throw new InvalidDataException($"{ExpectationsPath}:{entry.Start.Line}: rule is missing");
            var line = entry.Integer("line") ?? throw new InvalidDataException($"{ExpectationsPath}:{entry.Start.Line}: line is missing");
            var file = entry.String("file") ?? defaultFile ?? throw new InvalidDataException($"{ExpectationsPath}:{entry.Start.Line}: file is required for folder fixtures");
            return new ExpectedFinding(rule, file, (int)line);
        }).ToList();
        return (root.String("cluster") ?? DefaultCluster, root.String("profile") ?? OrganisationProfile, findings);
    }

    /// <summary>A finding's file relative to the fixture's folder, as expectations name it.</summary>
    public string RelativeToFixture(string findingFile)
    {
        var baseFolder = Directory.Exists(FullPath) ? RelativePath : Path.GetDirectoryName(RelativePath)!.Replace('\\', '/');
        return findingFile.StartsWith(baseFolder + "/", StringComparison.Ordinal) ? findingFile[(baseFolder.Length + 1)..] : findingFile;
    }

    private static string Relative(string fullPath) => Path.GetRelativePath(RepositoryLocator.Root, fullPath).Replace('\\', '/');

    /// <summary>The parameters the fixture is judged with: this repository's, or under the kubernetes profile without the organisation's floor.</summary>
    public PolicyConfiguration Configuration() => Profile switch
    {
        KubernetesProfile => RepositoryConfiguration() with { PodSecurityFloor = null },
        OrganisationProfile => RepositoryConfiguration(),
        var other => throw new InvalidDataException($"{ExpectationsPath}: unknown profile {other}"),
    };

    public static PolicyConfiguration RepositoryConfiguration()
    {
        var result = PolicyConfigurationReader.Parse(File.ReadAllText(Path.Combine(RepositoryLocator.Root, PolicyConfiguration.FileName)));
        if (result.Findings.Count > 0) throw new InvalidDataException($"{PolicyConfiguration.FileName} is invalid: {result.Findings[0].Message}");
        return result.Configuration;
    }
}
