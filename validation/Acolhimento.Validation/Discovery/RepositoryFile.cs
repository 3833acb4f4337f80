namespace Acolhimento.Validation.Discovery;

/// <summary>What a YAML file is to the tools that read it; decides which parse checks apply.</summary>
public enum FileKind
{
    /// <summary>Kubernetes objects (one or more per file).</summary>
    Manifest,
    Kustomization,
    HelmChart,
    HelmValues,
    /// <summary>Go templates under a chart's <c>templates/</c>: not YAML until rendered, so not parsed.</summary>
    HelmTemplate,
    /// <summary>A patch a kustomization applies: a partial object or a JSON 6902 operation list.</summary>
    KustomizePatch,
    /// <summary>YAML that is configuration of some tool, not Kubernetes objects (workflows, harness and policy settings).</summary>
    Configuration,
    /// <summary>
    /// Any other YAML with no document that declares <c>apiVersion</c> and <c>kind</c> (CI, linter, documentation-site
    /// settings): syntax checks only, unless a render reads it — then the render judges it as Kubernetes objects.
    /// </summary>
    OtherYaml,
}

/// <summary>A YAML file of the repository. <paramref name="Path"/> is repo-relative with forward slashes.</summary>
public sealed record RepositoryFile(string Path, string FullPath, FileKind Kind, long Size);
