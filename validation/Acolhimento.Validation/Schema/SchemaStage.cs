using System.Collections.Concurrent;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Schema.ApiServer;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema;

/// <summary>
/// The schema stage: every object a cluster would receive is checked against the schema of its apiVersion/kind for
/// that cluster's Kubernetes version (strict: unknown fields are errors), against the deprecation table, and against
/// the API server's own rules (<see cref="ApiServerRules"/>). Catalogs are built once per Kubernetes version and
/// shared; objects are validated in parallel; findings come back in object order (the pipeline sorts once, at the end).
/// </summary>
public sealed class SchemaStage
{
    private readonly Func<string, SchemaCatalog> _loadCatalog;
    private readonly ConcurrentDictionary<string, Lazy<SchemaCatalog>> _catalogs = new(StringComparer.Ordinal);

    public SchemaStage(Func<string, SchemaCatalog> loadCatalog, DeprecationTable deprecations)
    {
        _loadCatalog = loadCatalog;
        Deprecations = deprecations;
    }

    public DeprecationTable Deprecations { get; }

    /// <summary>Finds the schema data (<paramref name="schemaDirectory"/> = <c>--schemas</c>, may be null) and loads the deprecation table; throws <see cref="CannotValidateException"/> when data is missing.</summary>
    public static SchemaStage Create(string? schemaDirectory) => Create(SchemaLocator.Locate(schemaDirectory));

    public static SchemaStage Create(SchemaData data)
    {
        var tables = Directory.Exists(data.DeprecationsDirectory)
            ? Directory.GetFiles(data.DeprecationsDirectory, "*.yaml").Order(StringComparer.Ordinal).ToList()
            : [];
        if (tables.Count == 0)
        {
            throw new CannotValidateException($"no deprecation table in {data.DeprecationsDirectory} (expected pluto-versions.yaml); run `{SchemaLocator.PullCommand()}`");
        }
        var deprecations = new DeprecationTable(tables.SelectMany(t => DeprecationTable.Load(t).Entries).ToList());
        return new SchemaStage(version => SchemaCatalog.Load(data, version), deprecations);
    }

    /// <summary>The catalog of one Kubernetes version (MAJOR.MINOR), loaded on first use and kept.</summary>
    public SchemaCatalog Catalog(string kubernetesVersion) =>
        _catalogs.GetOrAdd(kubernetesVersion, v => new Lazy<SchemaCatalog>(() => _loadCatalog(v))).Value;

    /// <param name="kindWithoutSchema">Severity of <see cref="SchemaRules.KindWithoutSchema"/>: the rule profile's choice (see <c>RuleSelection.KindWithoutSchemaSeverity</c>).</param>
    public IReadOnlyList<Finding> Run(IReadOnlyList<RenderedCluster> clusters, Severity kindWithoutSchema = Severity.Error)
    {
        var findings = new List<Finding>();
        // Each destination cluster apart: its own Kubernetes version and the CRDs installed on it.
        foreach (var cluster in clusters.SelectMany(c => c.PerDestination()))
        {
            var version = SchemaLocator.NormalizeKubernetesVersion(cluster.KubernetesVersion)
                ?? throw new CannotValidateException($"cluster {cluster.Name} declares Kubernetes version \"{cluster.KubernetesVersion}\"; expected MAJOR.MINOR such as 1.35");
            var target = ReleaseVersion.Parse(version)!.Value;
            var definitions = cluster.Objects
                .Where(o => CustomResourceDefinition.IsDefinition(o.Body))
                .Select(o => CustomResourceDefinition.FromYaml(o.Body, o.Location.File))
                .OfType<CustomResourceDefinition>();
            var catalog = Catalog(version).WithDefinitions(definitions);
            // Each object's findings land in its own slot, so the order is the objects' whatever thread checked them.
            var perObject = new IReadOnlyList<Finding>[cluster.Objects.Count];
            try
            {
                // Each kind's schema is looked up (read, compiled) once, up front and a kind per worker: when thousands of
                // objects did it on first meeting, all workers but one waited on the same lazy compile and the thread
                // pool, starved, added threads only every half second.
                var kinds = cluster.Objects.Select(o => (o.Id.ApiVersion, o.Id.Kind)).Distinct().ToList();
                Parallel.ForEach(kinds, k => catalog.Find(k.ApiVersion, k.Kind));
                // An object whose file the parse stage released is checked with its file's whole trees, read again once for all
                // its objects and let go after them, so that only the files being checked are ever held whole.
                Parallel.ForEach(CheckUnits(cluster.Objects), () => new TreeReader(), (unit, _, reader) =>
                {
                    var documents = unit.File is { } file ? reader.Documents(file) : [];
                    foreach (var i in unit.Objects) perObject[i] = Check(cluster.Objects[i].Restored(documents), catalog, target);
                    return reader;
                }, _ => { });
            }
            catch (AggregateException ex) when (ex.Flatten().InnerExceptions.OfType<CannotValidateException>().FirstOrDefault() is { } cannot)
            {
                throw cannot;
            }
            foreach (var objectFindings in perObject) findings.AddRange(objectFindings);
        }
        return KindsWithoutSchema.Fold(findings, kindWithoutSchema);
    }

    /// <summary>What one worker checks at a time: an object that kept its body, or all objects of one released file (by position).</summary>
    private sealed record CheckUnit(ParsedFile? File, IReadOnlyList<int> Objects);

    private static IEnumerable<CheckUnit> CheckUnits(IReadOnlyList<RenderedObject> objects)
    {
        var byFile = new Dictionary<ParsedFile, List<int>>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < objects.Count; i++)
        {
            if (objects[i].Released is not { } released) yield return new CheckUnit(null, [i]);
            else if (byFile.TryGetValue(released.File, out var positions)) positions.Add(i);
            else byFile[released.File] = [i];
        }
        foreach (var (file, positions) in byFile) yield return new CheckUnit(file, positions);
    }

    /// <summary>All schema findings of one object against a catalog, for a cluster running <paramref name="target"/>.</summary>
    private static readonly ObjectPath ApiVersionPath = ObjectPath.Of("apiVersion");

    public IReadOnlyList<Finding> Check(RenderedObject item, SchemaCatalog catalog, ReleaseVersion target)
    {
        var findings = new List<Finding>();
        var apiVersion = item.Id.ApiVersion;
        var kind = item.Id.Kind;
        var deprecation = Deprecations.Find(apiVersion, kind, kubernetesOnly: true);
        if (deprecation is not null && deprecation.IsRemovedIn(target))
        {
            findings.Add(item.Finding(Stages.Schema, Severity.Error, SchemaRules.RemovedApi,
                $"{apiVersion} {kind} was removed in Kubernetes {deprecation.RemovedIn} and is not served by this cluster (Kubernetes {target}); {deprecation.ReplacementAdvice}",
                ApiVersionPath));
        }
        else
        {
            if (deprecation is not null && deprecation.IsDeprecatedIn(target))
            {
                var removal = deprecation.RemovedIn is { } removed ? $" and will be removed in Kubernetes {removed}" : "";
                findings.Add(item.Finding(Stages.Schema, Severity.Warning, SchemaRules.DeprecatedApi,
                    $"{apiVersion} {kind} is deprecated since Kubernetes {deprecation.DeprecatedIn}{removal}; {deprecation.ReplacementAdvice}", ApiVersionPath));
            }
            switch (catalog.Find(apiVersion, kind))
            {
                case KindFound found:
                    if (found.DeprecationWarning is { } warning)
                    {
                        findings.Add(item.Finding(Stages.Schema, Severity.Warning, SchemaRules.DeprecatedApi, $"{apiVersion} {kind} is deprecated: {warning}", ApiVersionPath));
                    }
                    foreach (var violation in catalog.Validator.Validate(item.Body, found.Schema)) findings.Add(ToFinding(item, violation));
                    break;
                case KindNotFound { MissingDefinition: true } missing when Deprecations.Find(apiVersion, kind, kubernetesOnly: false) is not { IsKubernetes: false, RemovedIn: not null }:
                    // No schema, but what needs none still applies: metadata against ObjectMeta (and the API-server rules below).
                    findings.Add(item.Finding(Stages.Schema, Severity.Error, SchemaRules.KindWithoutSchema, $"{apiVersion} {kind} has no schema: {missing.Reason}", ApiVersionPath));
                    if (item.Body.Mapping("metadata") is { } metadata)
                    {
                        findings.AddRange(catalog.Validator.Validate(metadata, catalog.Validator.ObjectMeta)
                            .Select(v => ToFinding(item, v with { Path = new ObjectPath(ObjectPath.Of("metadata").Segments.AddRange(v.Path.Segments)) })));
                    }
                    break;
                case KindNotFound notFound:
                    findings.Add(NotServed(item, apiVersion, kind, notFound, ApiVersionPath));
                    break;
            }
        }
        foreach (var violation in ApiServerRules.Check(apiVersion, kind, item.Body)) findings.Add(ToFinding(item, violation));
        return findings.Count == 0 ? [] : findings;
    }

    private Finding NotServed(RenderedObject item, string apiVersion, string kind, KindNotFound notFound, ObjectPath path)
    {
        // A third-party apiVersion its project has removed (e.g. cert-manager.io/v1alpha2) is explained with its replacement.
        if (Deprecations.Find(apiVersion, kind, kubernetesOnly: false) is { IsKubernetes: false } other && other.RemovedIn is { } removedIn)
        {
            return item.Finding(Stages.Schema, Severity.Error, SchemaRules.RemovedApi,
                $"{apiVersion} {kind} was removed in {other.Component} {removedIn} and is not served ({notFound.Reason}); {other.ReplacementAdvice}", path);
        }
        return item.Finding(Stages.Schema, Severity.Error, SchemaRules.UnknownKind, $"{apiVersion} {kind} cannot be checked: {notFound.Reason}", path);
    }

    private static Finding ToFinding(RenderedObject item, SchemaViolation violation) =>
        item.Finding(Stages.Schema, violation.Severity, violation.Rule, violation.Message, violation.Path.Depth == 0 ? null : violation.Path);
}
