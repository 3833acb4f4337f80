using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>
/// Pod-template fields whose allowed values depend on the kind that owns the template (<see cref="EnumeratedFields.Templates"/>):
/// a Deployment's pods must restart Always, a Job's OnFailure or Never — and since an absent restartPolicy is defaulted to
/// Always, a Job template without one is refused too.
/// </summary>
internal static class TemplateFieldRules
{
    public static void Check(string group, string kind, YamlMapping body, List<SchemaViolation> violations)
    {
        if (Workloads.Find(group, kind) is null) return;
        var constraints = EnumeratedFields.BuiltIn.OfTemplateOwner(group, kind).ToList();
        if (constraints.Count == 0) return;
        if (Workloads.PodSpecOf(group, kind, body) is not { } podSpec) return;
        foreach (var constraint in constraints) Check(constraint, podSpec.Spec, podSpec.Path, kind, violations);
    }

    private static void Check(TemplateEnumeratedField constraint, YamlMapping spec, ObjectPath specPath, string kind, List<SchemaViolation> violations)
    {
        List<EnumValue> Allowed() => constraint.Values.Select(EnumValues.OfString).ToList();
        switch (spec[constraint.Field])
        {
            case null or YamlScalar { IsNull: true } or YamlScalar { Kind: ScalarKind.String, Value.Length: 0 }:
                if (constraint.Values.Contains(constraint.WhenAbsent)) return;
                var fieldPath = specPath.Key(constraint.Field);
                violations.Add(new SchemaViolation(SchemaRules.RequiredField,
                    $"{fieldPath}: Required value: valid values: {string.Join(", ", Allowed().Select(a => a.Display))} (a {kind}'s pod template must set {constraint.Field}: the API server defaults it to {EnumValues.Quote(constraint.WhenAbsent)}, which a {kind} may not use)",
                    specPath));
                break;
            case YamlScalar { Kind: ScalarKind.String } value when !constraint.Values.Contains(value.Value) && IsValueOfTheField(constraint.Field, value.Value):
                // A value no pod accepts is the schema check's finding already (the field's own enumeration); this one is valid elsewhere, not here.
                var path = specPath.Key(constraint.Field);
                violations.Add(new SchemaViolation(SchemaRules.Enum,
                    EnumValues.Unsupported(path.ToString(), MessageText.Quote(value.Value), "", Allowed()) + $" (a {kind}'s pods may not use {EnumValues.Quote(value.Value)})", path));
                break;
        }
    }

    private static bool IsValueOfTheField(string field, string value) =>
        EnumeratedFields.BuiltIn.OfSchema(PodSpecSchema).FirstOrDefault(f => f.Field == field) is not { } general || general.Values.Contains(value);

    private const string PodSpecSchema = "io.k8s.api.core.v1.PodSpec";
}
