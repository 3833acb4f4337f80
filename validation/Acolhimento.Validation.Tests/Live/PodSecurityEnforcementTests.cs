using Acolhimento.Validation.Live;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Live;

/// <summary>
/// Namespace labels resolved as Pod Security admission resolves them (pod-security-admission <c>api.PolicyToEvaluate</c>
/// and its <c>TestPolicyToEvaluate</c> cases, over the default configuration: every mode <c>privileged:latest</c>).
/// </summary>
[Trait("Category", "Unit")]
public sealed class PodSecurityEnforcementTests
{
    private static NamespacePodSecurity Resolve(string labels) =>
        PodSecurityEnforcement.Resolve(labels.Length == 0 ? null : (YamlMapping)YamlReader.Read(string.Join('\n',
            labels.Split(',').Select(l => l.Split('=')).Select(kv => $"pod-security.kubernetes.io/{kv[0]}: \"{kv[1]}\""))).Documents[0].Root!);

    [Theory]
    [InlineData("", "privileged:latest", "privileged:latest", "privileged:latest")]
    [InlineData("enforce=baseline", "baseline:latest", "baseline:latest", "privileged:latest")]
    [InlineData("warn=restricted", "privileged:latest", "restricted:latest", "privileged:latest")]
    [InlineData("audit=baseline", "privileged:latest", "privileged:latest", "baseline:latest")]
    [InlineData("enforce=baseline,warn=restricted", "baseline:latest", "restricted:latest", "privileged:latest")]
    [InlineData("enforce=baseline,enforce-version=v1.22", "baseline:v1.22", "baseline:v1.22", "privileged:latest")]
    [InlineData("enforce=baseline,enforce-version=v1.22,warn-version=latest", "baseline:v1.22", "baseline:latest", "privileged:latest")]
    [InlineData("enforce=baseline,warn-version=v1.23", "baseline:latest", "baseline:v1.23", "privileged:latest")]
    [InlineData("enforce=baseline,enforce-version=v1.20,warn=restricted,warn-version=v1.21,audit=restricted,audit-version=v1.22", "baseline:v1.20", "restricted:v1.21", "restricted:v1.22")]
    [InlineData("enforce=baseline,warn=privileged", "baseline:latest", "privileged:latest", "privileged:latest")]
    [InlineData("enforce=baseline,warn=foo", "baseline:latest", "privileged:latest", "privileged:latest")]
    [InlineData("enforce=foo", "restricted:latest", "privileged:latest", "privileged:latest")]
    [InlineData("enforce=restricted,enforce-version=v1.01,audit=foo", "restricted:latest", "restricted:latest", "privileged:latest")]
    [InlineData("enforce=privileged", "privileged:latest", "privileged:latest", "privileged:latest")]
    public void Labels_resolve_to_what_admission_evaluates(string labels, string enforce, string warn, string audit)
    {
        var policy = Resolve(labels);
        (policy.Enforce.ToString(), policy.Warn.ToString(), policy.Audit.ToString()).ShouldBe((enforce, warn, audit));
    }
}
