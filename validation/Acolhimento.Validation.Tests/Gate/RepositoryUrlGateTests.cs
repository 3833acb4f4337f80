using System.Text.RegularExpressions;
using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Gate;

/// <summary>
/// The repository's URL is declared once, in validation.yaml. The places Argo CD and Helm must read it literally —
/// each cluster's root Application and bootstrap project, the apps chart's values and values schema, README — are held
/// equal to it here: a rename or a typo in one of them fails with its file and line.
/// </summary>
[Trait("Category", "Gate")]
public sealed partial class RepositoryUrlGateTests
{
    // Harness code and the rules' own fixtures (which name other repositories on purpose) are not configuration.
    private static readonly string[] NotConfiguration = ["validation/", "policy/", ".git/"];

    private static readonly string[] Extensions = [".yaml", ".yml", ".json", ".tpl", ".md"];

    [GeneratedRegex(@"(?:https?://|ssh://|git@)[A-Za-z0-9.\-]+[:/][^\s""'<>{}\[\],`)]+")]
    private static partial Regex Url();

    public sealed record Place(string File, int Line, string Url);

    /// <summary>Every URL of the declared repository's organisation (same host and owner) written in a configuration file.</summary>
    private static List<Place> Places(string root, string declaredUrl)
    {
        var normalised = RepositoryConfiguration.NormaliseUrl(declaredUrl);
        var owner = normalised[..(normalised.LastIndexOf('/') + 1)];
        var places = new List<Place>();
        foreach (var full in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var file = Path.GetRelativePath(root, full).Replace('\\', '/');
            if (file == RepositoryConfiguration.FileName || NotConfiguration.Any(f => file.StartsWith(f, StringComparison.Ordinal))) continue;
            if (!Extensions.Any(e => file.EndsWith(e, StringComparison.Ordinal))) continue;
            var lines = File.ReadAllLines(full);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match m in Url().Matches(lines[i]))
                {
                    if (RepositoryConfiguration.NormaliseUrl(m.Value).StartsWith(owner, StringComparison.Ordinal)) places.Add(new Place(file, i + 1, m.Value));
                }
            }
        }
        return places;
    }

    [Fact]
    public void Every_place_that_names_this_repository_writes_the_url_declared_in_validation_yaml()
    {
        var root = RepositoryLocator.Root;
        var configuration = RepositoryConfiguration.Load(root);
        var canonical = configuration.RepositoryUrls.First(u => u.StartsWith("https://", StringComparison.Ordinal));
        var places = Places(root, canonical);

        // The places Argo CD reads the URL from literally: each cluster's root Application and bootstrap project, and the chart's values.
        foreach (var cluster in configuration.Clusters.Select(c => c.Name))
        {
            places.ShouldContain(p => p.File == $"clusters/{cluster}/root-application.yaml", $"clusters/{cluster}: no repository URL found; the scan is broken");
            places.ShouldContain(p => p.File == $"clusters/{cluster}/appproject-bootstrap.yaml");
        }
        places.ShouldContain(p => p.File == "charts/acolhimento-apps/values.yaml");
        places.ShouldContain(p => p.File == "charts/acolhimento-apps/values.schema.json");

        var different = places.Where(p => p.Url != canonical).Select(p => $"{p.File}:{p.Line}: {p.Url} (validation.yaml declares {canonical})").ToList();
        different.ShouldBeEmpty(string.Join("\n", different));
    }

    [Fact]
    public void A_url_that_differs_from_the_declared_one_is_found_at_its_line()
    {
        using var repository = new TempRepository()
            .Write("clusters/one/root.yaml", "spec:\n  source:\n    repoURL: https://github.com/example-org/gitop.git\n")
            .Write("charts/apps/values.yaml", "repoURL: https://github.com/example-org/gitops.git\nimage: ghcr.io/example-org/api\n")
            .Write("policy/tests/x.yaml", "repoURL: https://github.com/example-org/legacy.git\n");
        var places = Places(repository.Root, "https://github.com/example-org/gitops.git");
        places.ShouldBe([new Place("charts/apps/values.yaml", 1, "https://github.com/example-org/gitops.git"), new Place("clusters/one/root.yaml", 3, "https://github.com/example-org/gitop.git")], ignoreOrder: true);
    }
}
