using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Schema.ApiServer;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Schema;

/// <summary>A pod template's restartPolicy as its owning kind allows it (apps: Always; batch: OnFailure or Never, never absent).</summary>
[Trait("Category", "Unit")]
public sealed class TemplateFieldRulesTests
{
    private static IReadOnlyList<SchemaViolation> Check(string yaml)
    {
        var body = (YamlMapping)YamlReader.Read(yaml).Documents[0].Root!;
        return ApiServerRules.Check(body.String("apiVersion")!, body.String("kind")!, body).Where(v => v.Rule is SchemaRules.Enum or SchemaRules.RequiredField).ToList();
    }

    private static string Job(string restartPolicy) => $"""
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
        spec:
          template:
            spec:
        {restartPolicy}      containers:
                - name: migrate
                  image: x
        """;

    private static string CronJob(string restartPolicy) => $"""
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: backup
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
        {restartPolicy}          containers:
                    - name: backup
                      image: x
        """;

    private static string Deployment(string restartPolicy) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          selector:
            matchLabels:
              app: api
          template:
            metadata:
              labels:
                app: api
            spec:
        {restartPolicy}      containers:
                - name: api
                  image: x
        """;

    [Theory]
    [InlineData("OnFailure")]
    [InlineData("Never")]
    public void A_job_that_restarts_on_failure_or_never_passes(string policy)
    {
        Check(Job($"      restartPolicy: {policy}\n")).ShouldBeEmpty();
        Check(CronJob($"          restartPolicy: {policy}\n")).ShouldBeEmpty();
    }

    [Fact]
    public void A_job_template_without_restart_policy_is_refused_because_the_default_is_always()
    {
        var violation = Check(Job("")).ShouldHaveSingleItem();
        violation.Rule.ShouldBe(SchemaRules.RequiredField);
        violation.Path.ToString().ShouldBe("spec.template.spec");
        violation.Message.ShouldStartWith("spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"");
    }

    [Fact]
    public void A_cron_job_template_with_restart_policy_always_is_refused()
    {
        var violation = Check(CronJob("          restartPolicy: Always\n")).ShouldHaveSingleItem();
        violation.Rule.ShouldBe(SchemaRules.Enum);
        violation.Path.ToString().ShouldBe("spec.jobTemplate.spec.template.spec.restartPolicy");
        violation.Message.ShouldContain("Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"");
    }

    [Theory]
    [InlineData("")]
    [InlineData("      restartPolicy: Always\n")]
    public void A_deployment_template_restarts_always(string policy) => Check(Deployment(policy)).ShouldBeEmpty();

    [Fact]
    public void A_deployment_template_with_restart_policy_never_is_refused()
    {
        var violation = Check(Deployment("      restartPolicy: Never\n")).ShouldHaveSingleItem();
        violation.Rule.ShouldBe(SchemaRules.Enum);
        violation.Path.ToString().ShouldBe("spec.template.spec.restartPolicy");
        violation.Message.ShouldContain("supported values: \"Always\"");
    }

    [Fact]
    public void A_value_no_pod_accepts_is_left_to_the_field_enumeration() =>
        Check(Deployment("      restartPolicy: Sometimes\n")).ShouldBeEmpty();
}
