using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Live;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Live;

[Trait("Category", "Unit")]
public sealed class PodTemplateDryRunTests
{
    private const string CronJobFile = "apps/backup/cronjob.yaml";

    private const string CronJobYaml = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: backup
          labels:
            pod-security.kubernetes.io/enforce: restricted
            pod-security.kubernetes.io/enforce-version: v1.35
            pod-security.kubernetes.io/warn: baseline
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: nightly
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                metadata:
                  labels:
                    app: backup
                  annotations:
                    note: kept
                spec:
                  restartPolicy: OnFailure
                  containers:
                    - name: dump
                      image: ghcr.io/central-acolhimento/backup:1.0.0
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data: {}
        """;

    private static ApiStatus Status(string name) =>
        ApiStatus.From(new ApiResponse(ApiOutcome.Answered, System.Net.HttpStatusCode.UnprocessableEntity, FakeApiServer.Status(name), []));

    private static IReadOnlyList<LiveObject> Live(string yaml, string file = CronJobFile)
    {
        var cluster = LiveTestData.Cluster("dev", new LiveTestData.App("backup", "backup", file, yaml));
        return ApplyPlan.Create([cluster], LiveTestData.Catalog).Steps.SelectMany(s => s.Objects).ToList();
    }

    private static PodSecurityEnforcement Enforcement(IReadOnlyList<LiveObject> objects) => PodSecurityEnforcement.Of(objects);

    private static int LineOf(string text, int occurrence = 1) => CronJobYaml.ReplaceLineEndings("\n").Split('\n')
        .Select((l, i) => (l, i)).Where(x => x.l.Contains(text, StringComparison.Ordinal)).ElementAt(occurrence - 1).i + 1;

    [Fact]
    public void A_cronjob_template_becomes_a_pod_named_after_its_owner_with_the_templates_labels_and_spec()
    {
        var objects = Live(CronJobYaml);
        var probe = PodTemplateDryRun.Probes(objects, Enforcement(objects)).ShouldHaveSingleItem();
        probe.Workload.Kind.ShouldBe("CronJob");
        probe.Enforced.ShouldBe("restricted:v1.35");
        probe.Template.ToString().ShouldBe("spec.jobTemplate.spec.template");
        probe.Pod.ToString().ShouldBe("pod/nightly-cronjob-pod in backup");
        probe.Pod.Namespace.ShouldBe("backup");
        YamlWriter.Write(probe.Pod.Body).ReplaceLineEndings("\n").Trim().ShouldBe("""
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: nightly-cronjob-pod
              namespace: backup
              labels:
                app: backup
              annotations:
                note: kept
            spec:
              restartPolicy: OnFailure
              containers:
              - name: dump
                image: ghcr.io/central-acolhimento/backup:1.0.0
            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Pod_paths_map_back_to_the_template_under_the_workload()
    {
        var objects = Live(CronJobYaml);
        var probe = PodTemplateDryRun.Probes(objects, Enforcement(objects)).Single();
        probe.ToWorkload(ObjectPath.Of("spec", "containers", 0, "image"))!.ToString().ShouldBe("spec.jobTemplate.spec.template.spec.containers[0].image");
        probe.ToWorkload(ObjectPath.Of("metadata", "labels", "app"))!.ToString().ShouldBe("spec.jobTemplate.spec.template.metadata.labels.app");
        probe.ToWorkload(ObjectPath.Of("metadata", "name"))!.ToString().ShouldBe("metadata.name");
        probe.ToWorkload(ObjectPath.Of("kind")).ShouldBeNull();
    }

    [Fact]
    public void Invalid_causes_of_the_pod_are_located_at_the_templates_lines()
    {
        var objects = Live(CronJobYaml);
        var probe = PodTemplateDryRun.Probes(objects, Enforcement(objects)).Single();
        var findings = PodTemplateDryRun.FromStatus(probe, Status("invalid-pod.status")).ToList();
        findings.Select(f => f.Path).ShouldBe(["spec.jobTemplate.spec.template.metadata.labels", "spec.jobTemplate.spec.template.spec.containers[0].image"]);
        findings[1].Location.ShouldBe(new SourceLocation(CronJobFile, LineOf("image: ghcr.io"), 15));
        findings[0].Location!.Line.ShouldBe(LineOf("labels:", 2));
        findings[1].Message.ShouldBe("server dry run of a Pod from the template of cronjob.batch/nightly in backup was rejected (Invalid): spec.containers[0].image: Required value");
        findings.ShouldAllBe(f => f.Rule == LiveRules.Rejected && f.Severity == Severity.Error && f.Object!.Kind == "CronJob");
    }

    [Fact]
    public void A_namespace_that_warns_at_what_it_enforces_needs_no_probe_and_one_that_enforces_nothing_neither()
    {
        var warned = CronJobYaml.Replace("    pod-security.kubernetes.io/warn: baseline",
            "    pod-security.kubernetes.io/warn: restricted\n    pod-security.kubernetes.io/warn-version: v1.35", StringComparison.Ordinal);
        var objects = Live(warned);
        PodTemplateDryRun.Probes(objects, Enforcement(objects)).ShouldBeEmpty();

        var otherVersion = Live(warned.Replace("warn-version: v1.35", "warn-version: v1.34", StringComparison.Ordinal));
        PodTemplateDryRun.Probes(otherVersion, Enforcement(otherVersion)).ShouldHaveSingleItem();

        // Enforce without a warn label: since Kubernetes 1.26 the warn level defaults to the enforced policy.
        var enforceOnly = Live(CronJobYaml.Replace("    pod-security.kubernetes.io/warn: baseline\n", "", StringComparison.Ordinal));
        PodTemplateDryRun.Probes(enforceOnly, Enforcement(enforceOnly)).ShouldBeEmpty();

        var unenforced = Live(CronJobYaml.Replace("pod-security.kubernetes.io/enforce", "pod-security.kubernetes.io/audit", StringComparison.Ordinal));
        PodTemplateDryRun.Probes(unenforced, Enforcement(unenforced)).ShouldBeEmpty();
    }

    [Fact]
    public void A_statefulsets_claim_templates_become_the_pods_volumes_as_its_controller_adds_them()
    {
        const string yaml = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: backup
              labels:
                pod-security.kubernetes.io/enforce: baseline
                pod-security.kubernetes.io/warn: privileged
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: db
            spec:
              serviceName: db
              selector:
                matchLabels:
                  app: db
              template:
                metadata:
                  labels:
                    app: db
                spec:
                  containers:
                    - name: postgres
                      image: postgres:17
                      volumeMounts:
                        - name: data
                          mountPath: /var/lib/postgresql
                        - name: run
                          mountPath: /run
                  volumes:
                    - name: run
                      emptyDir: {}
              volumeClaimTemplates:
                - metadata:
                    name: data
                  spec:
                    accessModes: [ReadWriteOnce]
            """;
        var objects = Live(yaml, "apps/postgresql/statefulset.yaml");
        var probe = PodTemplateDryRun.Probes(objects, Enforcement(objects)).ShouldHaveSingleItem();
        probe.Enforced.ShouldBe("baseline:latest");
        var volumes = probe.Pod.Body.Mapping("spec")!.Sequence("volumes")!.Items.Cast<YamlMapping>().ToList();
        volumes.Select(v => v.String("name")).ShouldBe(["run", "data"]);
        volumes[1].Mapping("persistentVolumeClaim")!.String("claimName").ShouldBe("data-db-0");
    }

    [Fact]
    public void A_long_owner_name_is_shortened_so_the_pod_name_stays_a_dns_subdomain()
    {
        var objects = Live(CronJobYaml.Replace("name: nightly", "name: " + new string('n', 250), StringComparison.Ordinal));
        var probe = PodTemplateDryRun.Probes(objects, Enforcement(objects)).Single();
        probe.Pod.Name.Length.ShouldBe(253);
        probe.Pod.Name.ShouldEndWith("n-cronjob-pod");
    }
}
