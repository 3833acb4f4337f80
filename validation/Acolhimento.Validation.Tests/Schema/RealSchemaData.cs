using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Tests.Support;

namespace Acolhimento.Validation.Tests.Schema;

/// <summary>
/// The real Kubernetes 1.35 schema data named by <c>ACOLHIMENTO_SCHEMA_DIR</c>, loaded once per test class.
/// Tests that need it skip visibly when the variable is unset.
/// </summary>
public sealed class RealSchemaData
{
    public const string KubernetesVersion = "1.35";

    public RealSchemaData()
    {
        Directory = Environment.GetEnvironmentVariable(SchemaLocator.EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(Directory)) Stage = SchemaStage.Create(Directory);
    }

    public string? Directory { get; }

    public SchemaStage? Stage { get; }

    public SchemaStage RequireStage()
    {
        VisibleSkip.When(Stage is null, SchemaDataSkip.Reason);
        return Stage!;
    }

    /// <summary>Runs the stage over one fixture manifest file, as a one-cluster render of that file.</summary>
    public IReadOnlyList<Finding> RunFixture(string name)
    {
        var stage = RequireStage();
        var path = "manifests/" + name;
        var objects = RenderedObjects.FromText(path, File.ReadAllText(RepositoryLocator.Fixture("Schema", "manifests", name)), "dev", "api");
        return stage.Run([new RenderedCluster("dev", KubernetesVersion, [], objects, [])]);
    }

    /// <summary>The error findings of the stage over one manifest text, as a one-cluster render of a file.</summary>
    public IReadOnlyList<Finding> Errors(string yaml)
    {
        var stage = RequireStage();
        var objects = RenderedObjects.FromText("manifests/test.yaml", yaml, "dev", "api");
        return stage.Run([new RenderedCluster("dev", KubernetesVersion, [], objects, [])]).Where(f => f.Severity == Severity.Error).ToList();
    }
}
