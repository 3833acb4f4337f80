using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Schema;

/// <summary>Stable rule ids of the schema stage, with what each means (<c>rules list</c> shows them).</summary>
internal static class SchemaRules
{
    public const string UnknownField = "schema/unknown-field";
    public const string TypeMismatch = "schema/type-mismatch";
    public const string RequiredField = "schema/required-field";
    public const string Enum = "schema/enum";
    public const string Format = "schema/format";
    public const string Quantity = "schema/quantity";
    public const string Pattern = "schema/pattern";

    /// <summary>Info: a schema pattern this gate cannot evaluate (RE2 syntax .NET lacks, or too slow to match), so the value was not checked against it.</summary>
    public const string PatternNotChecked = "schema/pattern-not-checked";
    public const string MinMax = "schema/min-max";
    public const string Alternatives = "schema/one-of";
    public const string DuplicateEntry = "schema/duplicate-entry";
    public const string UnknownKind = "schema/unknown-kind";

    /// <summary>A kind of no built-in group whose CustomResourceDefinition the gate does not have: one finding per kind, saying how to provide it; severity is the rule profile's.</summary>
    public const string KindWithoutSchema = "schema/kind-without-schema";
    public const string RemovedApi = "schema/removed-api";
    public const string DeprecatedApi = "schema/deprecated-api";
    public const string InvalidName = "schema/invalid-name";
    public const string InvalidLabel = "schema/invalid-label";
    public const string InvalidAnnotation = "schema/invalid-annotation";
    public const string DuplicateContainer = "schema/duplicate-container";
    public const string DuplicatePort = "schema/duplicate-port";
    public const string PortRange = "schema/port-range";
    public const string SelectorMismatch = "schema/selector-mismatch";
    public const string ResourceRequirements = "schema/resource-requirements";

    /// <summary>A name in requests/limits the API server refuses: a typo (<c>memroy</c>), an unqualified non-standard name, a malformed extended resource.</summary>
    public const string ResourceName = "schema/resource-name";

    /// <summary>A CronJob schedule the API server's cron parser refuses, or one naming a time zone itself (TZ=, CRON_TZ=).</summary>
    public const string CronSchedule = "schema/cron-schedule";

    /// <summary>A CronJob timeZone that is not an IANA name the API server knows (or Local, or empty).</summary>
    public const string TimeZone = "schema/time-zone";

    /// <summary>A claim the API server refuses: a PersistentVolumeClaim, a StatefulSet volumeClaimTemplate or an ephemeral volume's template without storage request or access mode.</summary>
    public const string VolumeClaim = "schema/volume-claim";

    /// <summary>A container's volume mount that names no volume of its pod.</summary>
    public const string VolumeNotFound = "schema/volume-not-found";

    /// <summary>A ConfigMap's or Secret's data beyond the API server's 1 MiB.</summary>
    public const string ObjectSize = "schema/object-size";

    /// <summary>Info: a CRD validation rule (CEL, <c>x-kubernetes-validations</c>) this gate cannot evaluate (see <see cref="Cel.CelRuleValidator"/>), with the reason.</summary>
    public const string CelNotEvaluated = "schema/cel-not-evaluated";

    /// <summary>A CRD validation rule (CEL) that is false for the object, or fails to evaluate, as the API server reports it.</summary>
    public const string CelRule = "schema/cel-rule";

    public static readonly IReadOnlyList<RuleSummary> All =
    [
        new(UnknownKind, Severity.Error, "the apiVersion and kind are not served: a built-in group without that kind or version, a CRD that does not serve the version, or a likely typo of a known kind"),
        new(KindWithoutSchema, Severity.Warning, "a kind whose CustomResourceDefinition the gate lacks: one finding per kind saying how to provide it (warning in the kubernetes profile, error in the organisation profile)"),
        new(RemovedApi, Severity.Error, "the apiVersion is removed in the cluster's Kubernetes version"),
        new(DeprecatedApi, Severity.Warning, "the apiVersion is deprecated in the cluster's Kubernetes version"),
        new(UnknownField, Severity.Error, "a field the schema does not define (strict, as kubectl --validate=strict), with the nearest known name"),
        new(TypeMismatch, Severity.Error, "a value of the wrong type (a string where an integer belongs, …)"),
        new(RequiredField, Severity.Error, "a required field is missing"),
        new(Enum, Severity.Error, "a value the field's enumeration does not admit"),
        new(Format, Severity.Error, "a value that breaks the field's format (int-or-string, date-time, …)"),
        new(Quantity, Severity.Error, "a resource quantity that does not parse (e.g. 512mb)"),
        new(Pattern, Severity.Error, "a value that does not match the field's pattern"),
        new(PatternNotChecked, Severity.Info, "a pattern this gate cannot evaluate, so the value was not checked against it"),
        new(MinMax, Severity.Error, "a value, length or item count outside the field's bounds"),
        new(Alternatives, Severity.Error, "not exactly one of a set of alternatives (oneOf; a probe or handler with no or several actions)"),
        new(DuplicateEntry, Severity.Error, "entries of a list that must be unique repeat (the same key in a map-list, the same value in a set)"),
        new(InvalidName, Severity.Error, "an object, container or port name the API server refuses"),
        new(InvalidLabel, Severity.Error, "a label key or value the API server refuses"),
        new(InvalidAnnotation, Severity.Error, "an annotation key the API server refuses, or annotations over 256 KiB"),
        new(DuplicateContainer, Severity.Error, "two containers of one pod share a name (across containers, initContainers, ephemeralContainers)"),
        new(DuplicatePort, Severity.Error, "a host port or port name used twice; a containerPort used twice is a warning"),
        new(PortRange, Severity.Error, "a port number outside 1-65535"),
        new(SelectorMismatch, Severity.Error, "a workload's selector is invalid or does not select its own pod template"),
        new(ResourceRequirements, Severity.Error, "a container's requests exceed its limits, or a resource the API server refuses"),
        new(ResourceName, Severity.Error, "a resource name in requests/limits the API server refuses (a typo such as memroy, an unqualified non-standard name)"),
        new(CronSchedule, Severity.Error, "a CronJob schedule the API server's cron parser refuses, or one that names a time zone itself (TZ=, CRON_TZ=)"),
        new(TimeZone, Severity.Error, "a CronJob timeZone that is not an IANA time zone name the API server knows"),
        new(VolumeClaim, Severity.Error, "a claim (PersistentVolumeClaim, volumeClaimTemplate, ephemeral volume) without a storage request or an access mode"),
        new(VolumeNotFound, Severity.Error, "a container's volume mount names no volume of the pod (for a StatefulSet, no volume and no volumeClaimTemplate)"),
        new(ObjectSize, Severity.Error, "a ConfigMap's or Secret's data is larger than the API server's 1 MiB"),
        new(CelRule, Severity.Error, "a CRD validation rule (x-kubernetes-validations, CEL) is false for the object or fails to evaluate, at the field the API server names, with the rule's message"),
        new(CelNotEvaluated, Severity.Info, "a CRD validation rule (CEL) this gate cannot evaluate (a function it lacks, a rule that does not parse), with the reason"),
    ];
}
