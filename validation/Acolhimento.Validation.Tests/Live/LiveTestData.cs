using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Live;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;

namespace Acolhimento.Validation.Tests.Live;

/// <summary>Rendered clusters for the live tests, built from YAML text as a plain-directory render would.</summary>
internal static class LiveTestData
{
    public static string SchemaFixture => RepositoryLocator.Fixture("Live", "schemas");

    public static CrdCatalog Catalog => CrdCatalog.Load(SchemaFixture);

    /// <summary>An Application (defined in <c>clusters/&lt;cluster&gt;/apps/&lt;name&gt;.yaml</c>) and the objects it renders from one file.</summary>
    public sealed record App(string Name, string Destination, string File, string Yaml, int Wave = 0, bool CreateNamespace = false);

    public static RenderedCluster Cluster(string name, params App[] apps)
    {
        var applications = new List<RenderedApplication>();
        var objects = new List<RenderedObject>();
        foreach (var app in apps)
        {
            var definitionFile = $"clusters/{name}/apps/{app.Name}.yaml";
            var definitionYaml = $"""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata:
                  name: {app.Name}
                  namespace: argocd
                  annotations:
                    argocd.argoproj.io/sync-wave: "{app.Wave}"
                spec:
                  project: default
                  destination:
                    server: https://kubernetes.default.svc
                    namespace: {app.Destination}
                  syncPolicy:
                    syncOptions:
                      - ServerSideApply=true
                {(app.CreateNamespace ? "      - CreateNamespace=true\n" : "")}
                """;
            var definition = RenderedObjects.FromText(definitionFile, definitionYaml, name, "root").Single();
            objects.Add(definition);
            applications.Add(new RenderedApplication(app.Name, "default", app.Destination, "root", definition.Location, definition, []));
            objects.AddRange(RenderedObjects.FromText(app.File, app.Yaml, name, app.Name));
        }
        applications.Insert(0, new RenderedApplication("root", "default", "argocd", null, new SourceLocation($"clusters/{name}/root.yaml", 1, 1), null, []));
        return new RenderedCluster(name, "1.35", applications, objects, []);
    }

    public const string ApiYaml = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: acolhimento
          labels:
            pod-security.kubernetes.io/enforce: restricted
            pod-security.kubernetes.io/warn: baseline
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
          annotations:
            argocd.argoproj.io/sync-wave: "1"
        spec:
          selector:
            matchLabels:
              app: api
          template:
            metadata:
              labels:
                app: api
            spec:
              containers:
                - name: sidecar
                  image: ghcr.io/central-acolhimento/proxy:1.0.0
                - name: api
                  image: ghcr.io/central-acolhimento/api:1.0.0
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: api
        spec:
          selector:
            app: api
          ports:
            - port: 80
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: api-settings
        data:
          LOG_LEVEL: info
        ---
        apiVersion: external-secrets.io/v1
        kind: ExternalSecret
        metadata:
          name: api-db
        spec:
          refreshInterval: 1h
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: api-reader
        rules: []
        ---
        apiVersion: batch/v1
        kind: Job
        metadata:
          generateName: migrate-
          annotations:
            argocd.argoproj.io/hook: PreSync
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: migrate
                  image: ghcr.io/central-acolhimento/api:1.0.0
        ---
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: notify-failure
          annotations:
            argocd.argoproj.io/hook: SyncFail
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: notify
                  image: ghcr.io/central-acolhimento/notify:1.0.0
        """;

    public static RenderedCluster Dev() => Cluster("dev", new App("api", "acolhimento", "apps/api/all.yaml", ApiYaml));

    /// <summary>Line of the first occurrence of <paramref name="text"/> in <see cref="ApiYaml"/> (1-based).</summary>
    public static int LineOf(string text, int occurrence = 1)
    {
        var lines = ApiYaml.ReplaceLineEndings("\n").Split('\n');
        var seen = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(text, StringComparison.Ordinal) && ++seen == occurrence) return i + 1;
        }
        throw new ArgumentException($"'{text}' not in the fixture");
    }
}
