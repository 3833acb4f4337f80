using Acolhimento.Validation.Diff;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Acolhimento.Validation.Upgrade;
using Shouldly;
using Acolhimento.Validation.Kubernetes;

namespace Acolhimento.Validation.Tests.Upgrade;

[Trait("Category", "Unit")]
public sealed class UpgradeSafetyTests
{
    private static RenderedCluster Cluster(params string[] documents)
    {
        var objects = documents.SelectMany((d, i) => RenderedObjects.FromText($"f{i}.yaml", d, "c", "app")).ToList();
        return new RenderedCluster("c", "1.35", [new RenderedApplication("app", "default", "ns", null, new SourceLocation("app.yaml", 1, 1), null, [])], objects, []);
    }

    private static IReadOnlyList<Finding> Check(string before, string after) => UpgradeSafety.Check(Cluster(before), Cluster(after));

    private const string Service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: ns\nspec:\n  clusterIP: 10.0.0.1\n  ports:\n    - port: 80\n";

    [Fact]
    public void A_service_cluster_ip_change_is_refused_but_a_port_change_is_not()
    {
        Check(Service, Service.Replace("10.0.0.1", "10.0.0.2", StringComparison.Ordinal)).ShouldHaveSingle(UpgradeRules.ImmutableField).Location!.Line.ShouldBe(7);
        Check(Service, Service.Replace("port: 80", "port: 81", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public void A_deployment_selector_change_is_refused()
    {
        const string d = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  namespace: ns\nspec:\n  selector:\n    matchLabels:\n      app: a\n  template:\n    metadata:\n      labels:\n        app: a\n";
        var f = Check(d, d.Replace("app: a", "app: b", StringComparison.Ordinal)).ShouldHaveSingle(UpgradeRules.ImmutableField);
        f.Path.ShouldBe("spec.selector.matchLabels.app");
        f.Location!.Line.ShouldBe(9); // the changed label, not the selector: key
        f.Message.ShouldContain("deploymentStrategy.ValidateUpdate");
    }

    [Fact]
    public void Configmap_data_is_frozen_only_while_marked_immutable()
    {
        const string cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: ns\ndata:\n  a: '1'\n";
        Check(cm, cm.Replace("'1'", "'2'", StringComparison.Ordinal)).ShouldBeEmpty();
        var frozen = cm + "immutable: true\n";
        Check(frozen, frozen.Replace("'1'", "'2'", StringComparison.Ordinal)).ShouldHaveSingle(UpgradeRules.ImmutableField).Path.ShouldBe("data.a");
    }

    [Fact]
    public void A_claim_may_grow_but_not_shrink_and_its_other_spec_is_fixed()
    {
        const string pvc = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: p\n  namespace: ns\nspec:\n  storageClassName: fast\n  resources:\n    requests:\n      storage: 5Gi\n";
        Check(pvc, pvc.Replace("5Gi", "10Gi", StringComparison.Ordinal)).ShouldBeEmpty();
        Check(pvc, pvc.Replace("5Gi", "1Gi", StringComparison.Ordinal)).ShouldHaveSingle(UpgradeRules.StorageShrink).Location!.Line.ShouldBe(10);
        Check(pvc, pvc.Replace("fast", "slow", StringComparison.Ordinal)).ShouldHaveSingle(UpgradeRules.ImmutableField).Path.ShouldBe("spec.storageClassName");
    }

    [Fact]
    public void Writing_out_a_statefulset_default_is_not_a_change_but_another_policy_is()
    {
        const string sts = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: s\n  namespace: ns\nspec:\n  serviceName: s\n  replicas: 1\n";
        Check(sts, sts + "  podManagementPolicy: OrderedReady\n").ShouldBeEmpty();
        Check(sts, sts + "  podManagementPolicy: Parallel\n").ShouldHaveSingle(UpgradeRules.ImmutableField).Path.ShouldBe("spec.podManagementPolicy");
        Check(sts, sts.Replace("replicas: 1", "replicas: 3", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public void A_crd_scope_change_is_refused()
    {
        const string crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  scope: Namespaced\n  names:\n    plural: widgets\n    kind: Widget\n";
        Check(crd, crd.Replace("Namespaced", "Cluster", StringComparison.Ordinal)).ShouldHaveSingle(UpgradeRules.ImmutableField).Path.ShouldBe("spec.scope");
    }

    [Fact]
    public void Moving_an_object_to_another_namespace_is_called_a_delete_and_a_create()
    {
        const string cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: one\ndata:\n  a: '1'\n";
        var f = Check(cm, cm.Replace("one", "two", StringComparison.Ordinal)).ShouldHaveSingle(UpgradeRules.DeleteAndCreate);
        f.Message.ShouldContain("one/c becomes two/c");
        f.Severity.ShouldBe(Severity.Warning);
    }

    [Fact]
    public void An_application_destination_or_project_change_is_an_error_at_its_line()
    {
        const string app = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: x\n  namespace: argocd\nspec:\n  project: one\n  destination:\n    server: https://kubernetes.default.svc\n    namespace: a\n  source:\n    repoURL: https://example.com/r.git\n    path: p\n";
        Check(app, app.Replace("namespace: a\n", "namespace: b\n", StringComparison.Ordinal)).ShouldHaveSingle(UpgradeRules.DestinationChanged).Location!.Line.ShouldBe(10);
        Check(app, app.Replace("project: one", "project: two", StringComparison.Ordinal)).ShouldHaveSingle(UpgradeRules.ProjectChanged).Location!.Line.ShouldBe(7);
    }

    [Fact]
    public void Nothing_is_judged_without_both_revisions()
    {
        UpgradeSafety.Check(null, Cluster(Service)).ShouldBeEmpty();
        UpgradeSafety.Check(Cluster(Service), Cluster(Service)).ShouldBeEmpty();
    }
}
