using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>metadata.name and metadata.namespace: the name syntax each kind requires, and the length limits of names the API server derives labels or child names from.</summary>
internal static class ObjectNameRules
{
    public static void Check(string group, string kind, YamlMapping metadata, ObjectPath path, bool generatesJobNameLabel, List<SchemaViolation> violations)
    {
        if (ScalarText.StringAt(metadata, "name") is { } name)
        {
            var problem = (group, kind) switch
            {
                (ApiGroups.Core, "Namespace") => NameRules.Dns1123Label(name),
                (ApiGroups.Core, "Service") => NameRules.Dns1035Label(name),
                (ApiGroups.Rbac, "Role" or "ClusterRole" or "RoleBinding" or "ClusterRoleBinding") => NameRules.PathSegmentName(name),
                _ => NameRules.Dns1123Subdomain(name),
            };
            if (problem is not null)
            {
                violations.Add(new SchemaViolation(SchemaRules.InvalidName, $"metadata.name {MessageText.Quote(name)} is not valid: {kind} names {problem}", path.Key("name")));
            }
            else if (group == ApiGroups.Batch && kind == "CronJob" && name.Length > 52)
            {
                violations.Add(new SchemaViolation(SchemaRules.InvalidName, $"metadata.name {MessageText.Quote(name)} is not valid: CronJob names must be no more than 52 characters (it has {name.Length}), as the controller appends a suffix to its Jobs", path.Key("name")));
            }
            else if (group == ApiGroups.Batch && kind == "Job" && generatesJobNameLabel && name.Length > NameRules.LabelValueMaxLength)
            {
                // The API server adds job-name and batch.kubernetes.io/job-name = metadata.name to the pod template's
                // labels before validating them, so a longer name fails as a label value.
                violations.Add(new SchemaViolation(SchemaRules.InvalidName, $"metadata.name {MessageText.Quote(name)} is not valid: Job names must be no more than {NameRules.LabelValueMaxLength} characters (it has {name.Length}), as the API server copies the name into the pods' job-name and batch.kubernetes.io/job-name labels", path.Key("name")));
            }
        }
        if (ScalarText.StringAt(metadata, "namespace") is { } ns && NameRules.Dns1123Label(ns) is { } nsProblem)
        {
            violations.Add(new SchemaViolation(SchemaRules.InvalidName, $"metadata.namespace {MessageText.Quote(ns)} is not valid: namespace names {nsProblem}", path.Key("namespace")));
        }
    }
}
