using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Reporting;

namespace Acolhimento.Validation.Tests.Reporting;

/// <summary>One fixed report exercising every format's corners: severities, a waiver, no location, characters to escape.</summary>
public static class ReportSamples
{
    public static readonly Finding SchemaError = new(Stages.Schema, Severity.Error, "schema/unknown-field", "unknown field \"imagePullPolice\"; did you mean \"imagePullPolicy\"?",
        new SourceLocation("apps/api/deployment.yaml", 12, 9), "dev", "central-acolhimento", new ObjectReference("apps/v1", "Deployment", "central-acolhimento-dev", "api"),
        "spec.template.spec.containers[0].imagePullPolice");

    public static readonly Finding PolicyWarning = new(Stages.Policy, Severity.Warning, "policy/image-tag-not-latest", "image \"ollama/ollama:latest\" uses tag latest, 50% of pulls differ: pin it, e.g. 1,2",
        new SourceLocation("apps/llm/statefulset.yaml", 20, 18), "production", "central-acolhimento", new ObjectReference("apps/v1", "StatefulSet", "central-acolhimento-production", "llm"),
        "spec.template.spec.containers[0].image");

    public static readonly Finding WaivedError = new(Stages.Policy, Severity.Error, "policy/image-tag-not-latest", "image \"postgres:latest\" uses tag latest",
        new SourceLocation("apps/postgresql/statefulset.yaml", 22, 18), "dev", "central-acolhimento", new ObjectReference("apps/v1", "StatefulSet", "central-acolhimento-dev", "postgresql"),
        "spec.template.spec.containers[0].image", Waiver: "dev-postgres-latest");

    public static readonly Finding Note = new(Stages.Schema, Severity.Info, "schema/cel-not-evaluated", "x-kubernetes-validations rule not evaluated offline | <self>",
        new SourceLocation("charts/platform-config/templates/issuer.yaml", 3, 1), "staging", "platform-config", new ObjectReference("cert-manager.io/v1", "ClusterIssuer", null, "letsencrypt"));

    public static readonly Finding Unlocated = new(Stages.Render, Severity.Error, "render/missing-cluster-folder", "cluster qa is declared but clusters/qa/ does not exist\nsecond line");

    public static ValidationReport Report() => ValidationReport.Create([SchemaError, PolicyWarning, WaivedError, Note, Unlocated], 42, 57, 125, 1234);

    public static ReportContext Context(FailOn failOn = FailOn.Error) => new(
        RuleCatalogue.Create([new RuleMetadata
            {
                Id = "policy/image-tag-not-latest", Area = "images", Title = "Images are pinned, never :latest", Severity = Severity.Error,
                Rationale = "A moving tag makes the same manifest run different code on each pull.", Remediation = "Pin the image to a version tag or digest.",
            }])
            .Only(SchemaError.Rule, PolicyWarning.Rule, Note.Rule, Unlocated.Rule, "render/timeout"), // render/timeout: a rule no finding uses is listed too
        ["dev", "production", "staging"],
        Stages.Offline,
        new Dictionary<string, string> { ["dev-postgres-latest"] = "dev follows upstream postgres until the 17 upgrade" },
        failOn,
        "https://github.com/central-acolhimento/gitops/blob/0123abc/");
}
