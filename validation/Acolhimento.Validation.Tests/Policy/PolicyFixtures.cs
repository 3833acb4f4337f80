using System.Text.RegularExpressions;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;

namespace Acolhimento.Validation.Tests.Policy;

/// <summary>An expected finding of a failing fixture: rule, file (relative to the fixture folder) and line.</summary>
public sealed record ExpectedFinding(string Rule, string File, int Line)
{
    public override string ToString() => $"{File}:{Line}: {Rule}";
}

/// <summary>
/// A policy fixture under <c>policy/tests/&lt;rule-name&gt;/{pass,fail}/</c>: one YAML file, or a folder of them (a small
/// repository, for rules that look across objects). The fixture's own comments say what it expects, next to the lines
/// they concern: <c># expect: &lt;rule id&gt;</c> on each line a finding must be reported at (the only record of expected
/// findings), and <c># fixture: cluster=&lt;name&gt; profile=kubernetes</c> once, where it runs as another cluster or profile.
/// </summary>
public sealed partial record PolicyFixture(string RuleId, bool ShouldFail, string Name, string RelativePath)
{
    public const string TestsFolder = "policy/tests";
    public const string DefaultCluster = "dev";
    public const string OrganisationProfile = "organisation";
    public const string KubernetesProfile = "kubernetes";

    public override string ToString() => RelativePath;

    public string FullPath => Path.Combine(RepositoryLocator.Root, RelativePath);

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
                var entries = Directory.GetFiles(folder, "*.yaml")
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
        var objects = Files().SelectMany(f => RenderedObjects.FromText(Relative(f), File.ReadAllText(f), clusterName, "fixture")).ToList();
        return new RenderedCluster(clusterName, "1.35", [], objects, []);
    }

    /// <summary>
    /// The cluster the fixture runs as, the profile whose parameters it is judged with (<c>profile: kubernetes</c> for
    /// behaviour that the organisation profile's stricter parameters, such as the Pod Security floor, would hide) and its findings.
    /// </summary>
    public (string Cluster, IReadOnlyList<ExpectedFinding> Findings) Expectations() => (ReadExpectations().Cluster, ReadExpectations().Findings);

    public string Profile => ReadExpectations().Profile;

    private IReadOnlyList<string> Files() => Directory.Exists(FullPath)
        ? Directory.GetFiles(FullPath, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
        : [FullPath];

    /// <summary>The <c># expect:</c> markers as findings, and the cluster and profile of the <c># fixture:</c> line.</summary>
    private (string Cluster, string Profile, IReadOnlyList<ExpectedFinding> Findings) ReadExpectations()
    {
        var findings = new List<ExpectedFinding>();
        var settings = new List<(string Where, string Text)>();
        foreach (var file in Files())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match marker in ExpectMarker().Matches(lines[i])) findings.Add(new ExpectedFinding(marker.Groups["rule"].Value, RelativeToFixture(Relative(file)), i + 1));
                if (FixtureMarker().Match(lines[i]) is { Success: true } fixture) settings.Add(($"{Relative(file)}:{i + 1}", fixture.Groups["settings"].Value));
            }
        }
        if (settings.Count > 1) throw new InvalidDataException($"{RelativePath}: one # fixture: line at most ({string.Join(", ", settings.Select(s => s.Where))})");
        var cluster = DefaultCluster;
        var profile = OrganisationProfile;
        foreach (var setting in settings.SelectMany(s => s.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => (s.Where, Text: t))))
        {
            var (key, value) = setting.Text.Split('=', 2) is [var k, var v] ? (k, v) : throw new InvalidDataException($"{setting.Where}: # fixture: takes key=value pairs, not {setting.Text}");
            if (key == "cluster") cluster = value;
            else if (key == "profile") profile = value;
            else throw new InvalidDataException($"{setting.Where}: # fixture: knows cluster= and profile=, not {key}=");
        }
        return (cluster, profile, findings);
    }

    [GeneratedRegex(@"#\s*expect:\s*(?<rule>policy/[a-z0-9-]+)")]
    private static partial Regex ExpectMarker();

    [GeneratedRegex(@"^\s*#\s*fixture:(?<settings>.*)$")]
    private static partial Regex FixtureMarker();

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
        KubernetesProfile => RepositoryConfiguration().With(SharedParameters.PodSecurityFloor, null),
        OrganisationProfile => RepositoryConfiguration(),
        var other => throw new InvalidDataException($"{RelativePath}: unknown profile {other}"),
    };

    public static PolicyConfiguration RepositoryConfiguration()
    {
        var result = PolicyConfigurationReader.Parse(File.ReadAllText(Path.Combine(RepositoryLocator.Root, PolicyConfiguration.FileName)));
        if (result.Findings.Count > 0) throw new InvalidDataException($"{PolicyConfiguration.FileName} is invalid: {result.Findings[0].Message}");
        return result.Configuration;
    }
}
