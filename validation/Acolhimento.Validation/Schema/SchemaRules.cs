namespace Acolhimento.Validation.Schema;

/// <summary>Stable rule ids of the schema stage.</summary>
public static class SchemaRules
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

    /// <summary>A ConfigMap's or Secret's data beyond the API server's 1 MiB.</summary>
    public const string ObjectSize = "schema/object-size";

    /// <summary>Info: CRD validation rules (CEL, <c>x-kubernetes-validations</c>) apply to the object but this gate does not evaluate them.</summary>
    public const string CelNotEvaluated = "schema/cel-not-evaluated";
}
