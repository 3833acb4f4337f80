using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Schema.ApiServer;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Schema;

/// <summary>Claims and claim templates (storage request, access modes, template labels), ConfigMap/Secret size and nodeSelector labels.</summary>
[Trait("Category", "Unit")]
public sealed class VolumeClaimAndSizeRulesTests
{
    private static IReadOnlyList<SchemaViolation> Check(string yaml, params string[] rules)
    {
        var body = (YamlMapping)YamlReader.Read(yaml).Documents[0].Root!;
        return ApiServerRules.Check(body.String("apiVersion")!, body.String("kind")!, body).Where(v => rules.Contains(v.Rule)).ToList();
    }

    private static string Claim(string spec) => $"apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n{spec}";

    private static string StatefulSet(string claimTemplate) => $"""
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
                - name: db
                  image: x
          volumeClaimTemplates:
        {claimTemplate}
        """;

    [Fact]
    public void A_complete_claim_passes() =>
        Check(Claim("  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n"), SchemaRules.VolumeClaim).ShouldBeEmpty();

    [Fact]
    public void A_claim_without_storage_is_refused()
    {
        var v = Check(Claim("  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      cpu: 1\n"), SchemaRules.VolumeClaim).ShouldHaveSingleItem();
        v.Path.ToString().ShouldBe("spec.resources.requests.storage");
        v.Message.ShouldStartWith("spec.resources[storage]: Required value");
    }

    [Theory]
    [InlineData("  resources:\n    requests:\n      storage: 1Gi\n", "spec.accessModes: Required value: at least 1 access mode is required")]
    [InlineData("  accessModes: []\n  resources:\n    requests:\n      storage: 1Gi\n", "spec.accessModes: Required value")]
    [InlineData("  accessModes: [ReadWriteOncePod, ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n", "spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes")]
    [InlineData("  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: \"0\"\n", "spec.resources[storage]: Invalid value: \"0\": must be greater than zero")]
    public void Claims_the_api_server_refuses(string spec, string message) =>
        Check(Claim(spec), SchemaRules.VolumeClaim).ShouldHaveSingleItem().Message.ShouldStartWith(message);

    [Fact]
    public void A_stateful_set_claim_template_without_storage_is_reported_with_why_it_matters()
    {
        var v = Check(StatefulSet("    - metadata:\n        name: data\n      spec:\n        accessModes: [ReadWriteOnce]\n"), SchemaRules.VolumeClaim).ShouldHaveSingleItem();
        v.Path.ToString().ShouldBe("spec.volumeClaimTemplates[0].spec.resources.requests.storage");
        v.Message.ShouldStartWith("spec.volumeClaimTemplates[0].spec.resources[storage]: Required value");
        v.Message.ShouldContain("its pods never start");
    }

    [Fact]
    public void A_stateful_set_claim_templates_labels_and_annotations_are_not_checked_as_the_api_server_does_not()
    {
        // Recorded from a kube-apiserver v1.35.3 (../shared/apiserver-oracle): such a StatefulSet is accepted.
        var findings = Check(StatefulSet("    - metadata:\n        name: data\n        labels:\n          \"bad key\": x\n        annotations:\n          \"/x\": y\n      spec:\n        accessModes: [ReadWriteOnce]\n        resources:\n          requests:\n            storage: 1Gi\n"),
            SchemaRules.InvalidLabel, SchemaRules.InvalidAnnotation, SchemaRules.VolumeClaim);
        findings.ShouldBeEmpty();
    }

    [Fact]
    public void An_ephemeral_volume_claim_template_is_checked_in_any_pod_template()
    {
        var yaml = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: j\n          image: x\n      volumes:\n        - name: scratch\n          ephemeral:\n            volumeClaimTemplate:\n              metadata:\n                labels:\n                  \"-bad\": x\n              spec:\n                accessModes: [ReadWriteOnce]\n";
        var findings = Check(yaml, SchemaRules.InvalidLabel, SchemaRules.VolumeClaim);
        findings.Select(f => f.Path.ToString()).Order().ShouldBe([
            "spec.template.spec.volumes[0].ephemeral.volumeClaimTemplate.metadata.labels.-bad",
            "spec.template.spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources.requests.storage",
        ]);
    }

    [Fact]
    public void A_node_selector_is_checked_as_labels() =>
        Check("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  nodeSelector:\n    \"kubernetes.io/os\": \"linux os\"\n  containers:\n    - name: p\n      image: x\n", SchemaRules.InvalidLabel)
            .ShouldHaveSingleItem().Path.ToString().ShouldStartWith("spec.nodeSelector");

    [Fact]
    public void A_config_map_of_exactly_one_mebibyte_passes_and_one_byte_more_is_refused()
    {
        var half = new string('a', ObjectSizeRules.MaxDataSize / 2);
        var atLimit = $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: {half}\n  b: {half}\n";
        Check(atLimit, SchemaRules.ObjectSize).ShouldBeEmpty();
        var over = Check(atLimit + "  c: x\n", SchemaRules.ObjectSize).ShouldHaveSingleItem();
        over.Path.ToString().ShouldBe("data");
        over.Message.ShouldStartWith("data: Too long: must have at most 1048576 bytes (this ConfigMap's data and binaryData hold 1048577 bytes");
    }

    [Fact]
    public void Binary_data_counts_decoded_and_multibyte_text_counts_bytes()
    {
        // 699,052 base64 characters decode to 524,289 bytes; 262,144 three-byte characters are 786,432 bytes: 1,310,721 in all.
        var binary = new string('A', 699_052);
        var text = new string('€', 262_144);
        var v = Check($"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  t: {text}\nbinaryData:\n  b: {binary}\n", SchemaRules.ObjectSize).ShouldHaveSingleItem();
        v.Message.ShouldContain("hold 1310721 bytes");
    }

    [Fact]
    public void A_secret_counts_string_data_merged_over_data()
    {
        var big = new string('A', 1_400_000); // 1,050,000 bytes once decoded
        var secret = $"apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  key: {big}\n";
        Check(secret, SchemaRules.ObjectSize).ShouldHaveSingleItem().Message.ShouldContain("this Secret's data and stringData hold 1050000 bytes");
        Check(secret + "stringData:\n  key: small\n", SchemaRules.ObjectSize).ShouldBeEmpty();
    }
}
