using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Render;

/// <summary>Stable rule ids of the render stage, with what each means (<c>rules list</c> shows them).</summary>
internal static class RenderRules
{
    public const string UndeclaredCluster = "render/undeclared-cluster";
    public const string MissingClusterFolder = "render/missing-cluster-folder";
    public const string NoSources = "render/no-sources";
    public const string MissingRepoUrl = "render/missing-repo-url";
    public const string MissingPath = "render/missing-source-path";
    public const string OutsideRepository = "render/path-outside-repository";
    public const string PluginRefused = "render/plugin-refused";
    public const string RemoteResource = "render/remote-resource";
    public const string HelmInKustomizeRefused = "render/kustomize-helm-refused";
    public const string MissingResource = "render/missing-resource";
    public const string MissingValuesFile = "render/missing-values-file";
    public const string InvalidValues = "render/invalid-values";
    public const string RenderFailed = "render/render-failed";
    public const string Timeout = "render/timeout";
    public const string InputRefused = "render/refused-input";
    public const string UnreadableOutput = "render/unreadable-output";
    public const string NotAnObject = "render/not-an-object";
    public const string ObjectsLost = "render/objects-lost";
    public const string EmptySource = "render/empty-source";
    public const string CannotRenderOffline = "render/cannot-render-offline";
    public const string UnsupportedGenerator = "render/unsupported-generator";
    public const string UnresolvedParameter = "render/unresolved-parameter";
    public const string TemplateError = "render/template-error";
    public const string DuplicateGeneratedApplication = "render/duplicate-generated-application";
    public const string GeneratorYieldsNothing = "render/generator-yields-nothing";
    public const string Cycle = "render/application-cycle";
    public const string Unpinned = "render/unpinned-external-source";
    public const string Duplicate = "render/duplicate-object";
    public const string Dead = "render/dead-configuration";
    public const string FluxNotRendered = "render/flux-not-rendered";
    public const string KustomizePatchNoMatch = "render/kustomize-patch-no-match";
    public const string KustomizeImageNoMatch = "render/kustomize-image-no-match";
    public const string KustomizeReplicasNoMatch = "render/kustomize-replicas-no-match";
    public const string KustomizeJsonPatchPathMissing = "render/kustomize-json-patch-path-missing";
    public const string SourceTypeConflict = "render/source-type-conflict";
    public const string SourceParameters = "render/source-parameters";
    public const string UnwatchedNamespace = "render/unwatched-namespace";
    public const string OtherRevision = "render/other-revision";
    public const string HelmOptionRefused = "render/helm-option-refused";
    public const string HelmNetworkRefused = "render/helm-network-refused";
    public const string Nondeterministic = "render/nondeterministic-render";
    public const string UnpinnedKubePatch = "render/kube-patch-unpinned";
    public const string RevisionStandIn = "render/revision-stand-in";
    public const string UnknownDestination = "render/unknown-destination";
    public const string AmbiguousDestination = "render/ambiguous-destination";
    public const string ChartNotCached = "render/chart-not-cached";
    public const string DependencyNotCached = "render/dependency-not-cached";
    public const string ArchiveRefused = "render/archive-refused";
    public const string RemoteBaseUnpinned = "render/remote-base-unpinned";
    public const string RemoteBaseNotCached = "render/remote-base-not-cached";
    public const string KustomizeChartNotCached = "render/kustomize-chart-not-cached";

    public static readonly IReadOnlyList<RuleSummary> All =
    [
        new(UndeclaredCluster, Severity.Error, "a clusters/<name>/ folder is not declared in validation.yaml (its Kubernetes version is needed)"),
        new(MissingClusterFolder, Severity.Error, "a cluster declared in validation.yaml has no clusters/<name>/ folder"),
        new(NoSources, Severity.Error, "an Application has neither spec.source nor spec.sources"),
        new(MissingRepoUrl, Severity.Error, "an Application source has no repoURL"),
        new(MissingPath, Severity.Error, "an Application source of this repository has no path, or a path that does not exist"),
        new(OutsideRepository, Severity.Error, "a source path or kustomization entry leaves the repository"),
        new(PluginRefused, Severity.Error, "a config management plugin or Kustomize plugin would run arbitrary code; not rendered, and the render counts as failed"),
        new(RemoteResource, Severity.Error, "a kustomization fetches a remote resource; rendering must not use the network"),
        new(HelmInKustomizeRefused, Severity.Error, "a kustomization inflates Helm charts (helmCharts) while validation.yaml does not opt in with kustomizeBuildOptions: --enable-helm (Argo CD fails such a build), or by a form this gate does not run (helmChartInflationGenerator)"),
        new(MissingResource, Severity.Error, "a kustomization entry names a file or folder that does not exist"),
        new(MissingValuesFile, Severity.Error, "a Helm valueFiles entry does not exist"),
        new(InvalidValues, Severity.Error, "Helm values break the chart's values schema, at the values line"),
        new(RenderFailed, Severity.Error, "kustomize or helm failed, at the file its message names"),
        new(Timeout, Severity.Error, "kustomize or helm did not finish within the tool timeout or the render's time budget"),
        new(InputRefused, Severity.Error, "a file the parse stage refused (or an unlisted one over its limits) is not handed to kubectl or helm"),
        new(UnreadableOutput, Severity.Error, "a document kustomize or helm printed cannot be read (syntax, depth, aliases); it is reported, never dropped"),
        new(NotAnObject, Severity.Error, "a rendered document is not a Kubernetes object with a string apiVersion, kind and metadata.name"),
        new(ObjectsLost, Severity.Error, "documents emitted by a source differ from objects handed on plus documents refused (a harness defect)"),
        new(EmptySource, Severity.Error, "a source renders no object although its folder holds manifests, a kustomization or a chart"),
        new(CannotRenderOffline, Severity.Error, "a source (Jsonnet without a pinned interpreter this machine can build) or an ApplicationSet generator (git of another repository; pull request, SCM provider, plugin, cluster decision without recorded parameters) this gate cannot render offline"),
        new(UnsupportedGenerator, Severity.Error, "an ApplicationSet generator this gate does not know or cannot run as written (malformed, nested too deep, a generator-level template), or no template"),
        new(UnresolvedParameter, Severity.Error, "an ApplicationSet parameter set lacks a parameter its fasttemplate template uses (Argo CD would keep the literal placeholder)"),
        new(TemplateError, Severity.Error, "an ApplicationSet Go template cannot be rendered with a parameter set (missing key, unknown or disallowed function, <no value>, bad templatePatch, unreadable git file)"),
        new(GeneratorYieldsNothing, Severity.Warning, "an ApplicationSet generator generates no Application: a warning when a selector or git path matched nothing, info when its list is empty as written"),
        new(DuplicateGeneratedApplication, Severity.Error, "an ApplicationSet's generators yield two Applications of one name; Argo CD refuses to generate them"),
        new(Cycle, Severity.Error, "Applications render each other in a cycle"),
        new(Unpinned, Severity.Error, "an external source is not pinned to a version or commit (a warning in the kubernetes profile: Argo CD accepts a source tracking a branch)"),
        new(Duplicate, Severity.Error, "two objects bound for one destination cluster have the same group, kind, namespace and name"),
        new(Dead, Severity.Warning, "a kustomization or chart no cluster renders and Flux does not read"),
        new(FluxNotRendered, Severity.Error, "the repository holds Flux objects, whose output this gate does not render: not checked, so the run does not pass (one finding per repository)"),
        new(KustomizePatchNoMatch, Severity.Error, "a kustomization patch selects no object of the build (Kustomize skips a targeted one silently and stops on a strategic-merge one), at the patch entry"),
        new(KustomizeImageNoMatch, Severity.Error, "a kustomization images entry matches no container image of the build (Kustomize changes nothing), at the entry"),
        new(KustomizeReplicasNoMatch, Severity.Error, "a kustomization replicas entry names no workload of the build, at the entry"),
        new(SourceTypeConflict, Severity.Error, "an Application source sets more than one of directory, helm, kustomize and plugin (after its parameter files are merged); Argo CD refuses it"),
        new(SourceParameters, Severity.Error, "a .argocd-source.yaml or .argocd-source-<app>.yaml in a source folder cannot be merged into the source (not a mapping, unreadable, a block that is not an object); Argo CD fails the source"),
        new(UnwatchedNamespace, Severity.Error, "an Application is in a namespace its Argo CD does not watch (not Argo CD's own, not in the cluster's applicationNamespaces); it would never sync"),
        new(OtherRevision, Severity.Error, "an Application source of this repository tracks another revision than the one under test, and that revision cannot be rendered here"),
        new(KustomizeJsonPatchPathMissing, Severity.Error, "a JSON-patch operation's path does not exist in its target (Kustomize stops, or turns a replace into an add), at the operation"),
        new(HelmOptionRefused, Severity.Error, "a field of an Application's helm block that Argo CD does not have, has the wrong type, cannot render (kubeVersion, version) or is refused (passCredentials)"),
        new(HelmNetworkRefused, Severity.Error, "a chart calls getHostByName, a DNS look-up while Helm renders; Helm is not run"),
        new(Nondeterministic, Severity.Error, "a chart renders differently each time (random data, the clock): at the template line, naming what differs"),
        new(UnpinnedKubePatch, Severity.Error, "a chart's output depends on the Kubernetes patch version, which validation.yaml does not pin for the cluster"),
        new(UnknownDestination, Severity.Error, "an Application's destination server or name is no cluster its Argo CD knows (in-cluster, or argoCdClusters in validation.yaml), or it names none; Argo CD refuses to sync it"),
        new(AmbiguousDestination, Severity.Error, "an Application's destination sets both name and server, or a name several declared clusters share; Argo CD refuses to sync it"),
        new(ChartNotCached, Severity.Warning, "an Application's upstream chart (Helm repository or OCI registry) is not pinned in validation/charts.lock.yaml or not in the chart cache: what it deploys is not checked until charts pull fetches it"),
        new(DependencyNotCached, Severity.Error, "a chart dependency that is not vendored cannot be placed offline (not in the chart cache, not pinned by Chart.lock, or named by a Helm repository alias): the source is not rendered until charts pull fetches it"),
        new(ArchiveRefused, Severity.Error, "an archive of the chart cache cannot be used: it is not a gzipped tar within the limits, holds links or paths out of its folder, or does not hold the chart it is pinned for"),
        new(RemoteBaseUnpinned, Severity.Error, "a remote Kustomize base names no ref, or a branch or tag that can move: not reproducible, so not rendered; pin a commit SHA or an exact version tag"),
        new(RemoteBaseNotCached, Severity.Error, "a remote Kustomize base is not pinned in validation/charts.lock.yaml or not in the cache: the kustomization that names it is not built or checked until charts pull fetches it"),
        new(KustomizeChartNotCached, Severity.Error, "a kustomization's helmCharts entry is not in the repository and not in the chart cache (or has no exact version to pin): the kustomization is not built or checked until charts pull fetches it"),
        new(RevisionStandIn, Severity.Warning, "a helm parameter or path uses $ARGOCD_APP_REVISION, which Argo CD sets to the commit it renders; the gate substitutes a stand-in"),
    ];
}
