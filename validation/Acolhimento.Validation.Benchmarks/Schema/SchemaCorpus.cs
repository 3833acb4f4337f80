using System.Globalization;
using System.Text;

namespace Acolhimento.Validation.Benchmarks.Schema;

/// <summary>
/// A generated corpus of valid manifests of mixed kinds, built-in and custom, shaped like this repository's:
/// Deployments, StatefulSets, Services, Ingresses, CronJobs, ConfigMaps, cert-manager Certificates,
/// Prometheus ServiceMonitors, External Secrets and Argo CD Applications.
/// </summary>
public static class SchemaCorpus
{
    private static readonly Func<int, string>[] Generators =
    [
        Deployment, Service, ConfigMap, StatefulSet, Ingress, CronJob, Certificate, ServiceMonitor, ExternalSecret, Application,
    ];

    public static string Generate(int count)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i > 0) sb.Append("---\n");
            sb.Append(Generators[i % Generators.Length](i));
        }
        return sb.ToString();
    }

    private static string N(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static string Deployment(int i) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api-{N(i)}
          namespace: acolhimento
          labels:
            app.kubernetes.io/name: api-{N(i)}
            app.kubernetes.io/part-of: acolhimento
          annotations:
            argocd.argoproj.io/sync-wave: "2"
        spec:
          replicas: 2
          revisionHistoryLimit: 3
          selector:
            matchLabels:
              app.kubernetes.io/name: api-{N(i)}
          strategy:
            type: RollingUpdate
            rollingUpdate:
              maxSurge: 25%
              maxUnavailable: 0
          template:
            metadata:
              labels:
                app.kubernetes.io/name: api-{N(i)}
            spec:
              serviceAccountName: api
              securityContext:
                runAsNonRoot: true
                seccompProfile:
                  type: RuntimeDefault
              containers:
                - name: api
                  image: ghcr.io/central-acolhimento/api:1.{N(i % 10)}.0
                  imagePullPolicy: IfNotPresent
                  ports:
                    - name: http
                      containerPort: 8080
                      protocol: TCP
                  env:
                    - name: ASPNETCORE_URLS
                      value: http://+:8080
                    - name: DB_PASSWORD
                      valueFrom:
                        secretKeyRef:
                          name: api-db
                          key: password
                  resources:
                    requests:
                      cpu: 100m
                      memory: 128Mi
                    limits:
                      cpu: "1"
                      memory: 512Mi
                  readinessProbe:
                    httpGet:
                      path: /healthz
                      port: http
                    periodSeconds: 10
                  securityContext:
                    allowPrivilegeEscalation: false
                    readOnlyRootFilesystem: true
                    capabilities:
                      drop: [ALL]

        """;

    private static string Service(int i) => $"""
        apiVersion: v1
        kind: Service
        metadata:
          name: api-{N(i)}
          namespace: acolhimento
          labels:
            app.kubernetes.io/name: api-{N(i)}
        spec:
          type: ClusterIP
          selector:
            app.kubernetes.io/name: api-{N(i)}
          ports:
            - name: http
              port: 80
              targetPort: http
              protocol: TCP
            - name: metrics
              port: 9090
              targetPort: 9090

        """;

    private static string ConfigMap(int i) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings-{N(i)}
          namespace: acolhimento
        data:
          LOG_LEVEL: info
          FEATURE_TRIAGE: "true"
          app.properties: |
            logging.level=info
            triage.queue=main

        """;

    private static string StatefulSet(int i) => $"""
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: db-{N(i)}
          namespace: acolhimento
        spec:
          serviceName: db-{N(i)}
          replicas: 1
          selector:
            matchLabels:
              app: db-{N(i)}
          template:
            metadata:
              labels:
                app: db-{N(i)}
            spec:
              containers:
                - name: postgres
                  image: postgres:17.2
                  ports:
                    - name: postgres
                      containerPort: 5432
                  volumeMounts:
                    - name: data
                      mountPath: /var/lib/postgresql/data
          volumeClaimTemplates:
            - metadata:
                name: data
              spec:
                accessModes: [ReadWriteOnce]
                resources:
                  requests:
                    storage: 10Gi

        """;

    private static string Ingress(int i) => $"""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web-{N(i)}
          namespace: acolhimento
          annotations:
            cert-manager.io/cluster-issuer: letsencrypt
        spec:
          ingressClassName: nginx
          tls:
            - hosts: [web-{N(i)}.acolhimento.example.org]
              secretName: web-{N(i)}-tls
          rules:
            - host: web-{N(i)}.acolhimento.example.org
              http:
                paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: web-{N(i)}
                        port:
                          name: http

        """;

    private static string CronJob(int i) => $"""
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: report-{N(i)}
          namespace: acolhimento
        spec:
          schedule: "0 3 * * *"
          concurrencyPolicy: Forbid
          jobTemplate:
            spec:
              backoffLimit: 2
              template:
                spec:
                  restartPolicy: OnFailure
                  containers:
                    - name: report
                      image: ghcr.io/central-acolhimento/report:2.0.1
                      args: ["--since", "24h"]

        """;

    private static string Certificate(int i) => $"""
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata:
          name: web-{N(i)}-tls
          namespace: acolhimento
        spec:
          secretName: web-{N(i)}-tls
          duration: 2160h
          renewBefore: 720h
          dnsNames:
            - web-{N(i)}.acolhimento.example.org
          privateKey:
            algorithm: ECDSA
            size: 256
          issuerRef:
            name: letsencrypt
            kind: ClusterIssuer
            group: cert-manager.io

        """;

    private static string ServiceMonitor(int i) => $"""
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata:
          name: api-{N(i)}
          namespace: acolhimento
        spec:
          selector:
            matchLabels:
              app.kubernetes.io/name: api-{N(i)}
          endpoints:
            - port: metrics
              interval: 30s
              path: /metrics

        """;

    private static string ExternalSecret(int i) => $"""
        apiVersion: external-secrets.io/v1
        kind: ExternalSecret
        metadata:
          name: api-db-{N(i)}
          namespace: acolhimento
        spec:
          refreshInterval: 1h
          secretStoreRef:
            name: vault
            kind: ClusterSecretStore
          target:
            name: api-db-{N(i)}
            creationPolicy: Owner
          data:
            - secretKey: password
              remoteRef:
                key: acolhimento/api/db
                property: password

        """;

    private static string Application(int i) => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: app-{N(i)}
          namespace: argocd
          finalizers:
            - resources-finalizer.argocd.argoproj.io
        spec:
          project: acolhimento
          source:
            repoURL: https://github.com/central-acolhimento/gitops.git
            targetRevision: main
            path: overlays/dev/app-{N(i)}
            helm:
              valuesObject:
                replicaCount: 2
                image:
                  tag: "1.0.0"
          destination:
            server: https://kubernetes.default.svc
            namespace: acolhimento
          syncPolicy:
            automated:
              prune: true
              selfHeal: true
            syncOptions:
              - CreateNamespace=true

        """;
}
