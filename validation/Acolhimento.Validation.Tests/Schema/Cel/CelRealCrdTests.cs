using Acolhimento.Validation.Schema;
using Shouldly;

namespace Acolhimento.Validation.Tests.Schema.Cel;

/// <summary>
/// The rules of the real CRDs (external-secrets, cert-manager in the shared schema data) through the whole schema
/// stage: each rule kind they use — has() pairs, list filter counts, ternary sums, map key membership — in a case it
/// accepts and a case it refuses, at the field the API server names.
/// </summary>
[Trait("Category", "Unit")]
public sealed class CelRealCrdTests(RealSchemaData data) : IClassFixture<RealSchemaData>
{
    private IReadOnlyList<Acolhimento.Validation.Findings.Finding> Run(string yaml)
    {
        var stage = data.RequireStage();
        var objects = Acolhimento.Validation.Render.RenderedObjects.FromText("cr.yaml", yaml, "dev", "app");
        return stage.Run([new Acolhimento.Validation.Render.RenderedCluster("dev", RealSchemaData.KubernetesVersion, [], objects, [])]);
    }

    private const string SecretStore = """
        apiVersion: external-secrets.io/v1
        kind: ClusterSecretStore
        metadata:
          name: store
        spec:
          provider:
        """;

    private static string Describe(IEnumerable<Acolhimento.Validation.Findings.Finding> findings) =>
        string.Join("\n", findings.Select(f => $"{f.Location}: {f.Rule}: {f.Message}"));

    [Theory]
    [InlineData("    secretserver:\n      serverURL: https://s\n      token: {value: t}\n", null)]
    [InlineData("    secretserver:\n      serverURL: https://s\n      token: {value: t, secretRef: {name: s, key: k}}\n", "exactly one of value or secretRef must be set")]
    [InlineData("    secretserver:\n      serverURL: https://s\n", "either token, or both username and password, must be set")]
    [InlineData("    secretserver:\n      serverURL: https://s\n      username: {value: u}\n      password: {secretRef: {name: s, key: k}}\n", null)]
    [InlineData("    aws:\n      region: eu-west-1\n      service: SecretsManager\n      customSessionTags: {team: a}\n", null)]
    [InlineData("    aws:\n      region: eu-west-1\n      service: SecretsManager\n      customSessionTags: {esoNamespace: a}\n", "customSessionTags cannot contain automatically injected reserved keys")]
    public void Secret_store_rules_accept_and_refuse_as_written(string provider, string? refusal)
    {
        var findings = Run(SecretStore + "\n" + provider);
        var ruleErrors = findings.Where(f => f.Rule == SchemaRules.CelRule).ToList();
        findings.ShouldNotContain(f => f.Rule == SchemaRules.CelNotEvaluated, Describe(findings));
        if (refusal is null) ruleErrors.ShouldBeEmpty(Describe(findings));
        else ruleErrors.ShouldHaveSingleItem(Describe(findings)).Message.ShouldContain(refusal);
    }

    [Theory]
    [InlineData("    tpp: {url: https://tpp, credentialsRef: {name: c}}\n", null)]
    [InlineData("    tpp: {url: https://tpp, credentialsRef: {name: c}}\n    cloud: {apiTokenSecretRef: {name: t}}\n", "exactly one of tpp, cloud, or ngts must be configured")]
    [InlineData("", "exactly one of tpp, cloud, or ngts must be configured")]
    public void Issuer_venafi_rule_counts_the_configured_backends(string backends, string? refusal)
    {
        var findings = Run("apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: i\nspec:\n  venafi:\n    zone: z\n" + backends);
        var ruleErrors = findings.Where(f => f.Rule == SchemaRules.CelRule).ToList();
        if (refusal is null)
        {
            ruleErrors.ShouldBeEmpty(Describe(findings));
            return;
        }
        var error = ruleErrors.ShouldHaveSingleItem(Describe(findings));
        error.Message.ShouldContain(refusal);
        error.Message.ShouldStartWith("spec.venafi:");
        error.Location.ShouldNotBeNull().Line.ShouldBe(6);
    }
}
