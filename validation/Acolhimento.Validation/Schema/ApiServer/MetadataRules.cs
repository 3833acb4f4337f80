using System.Text;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>Label and annotation keys and values, and the total annotation size, of an object or pod template metadata.</summary>
internal static class MetadataRules
{
    public static void Check(YamlMapping metadata, ObjectPath path, List<SchemaViolation> violations)
    {
        if (metadata.Mapping("labels") is { } labels) MetadataRules.CheckLabels(labels, path.Key("labels"), violations);
        if (metadata.Mapping("annotations") is not { } annotations) return;
        var annotationsPath = path.Key("annotations");
        long total = 0;
        for (var i = 0; i < annotations.Entries.Count; i++)
        {
            var entry = annotations.Entries[i];
            var key = entry.Key.Value;
            if (NameRules.QualifiedName(key) is { } problem)
            {
                violations.Add(new SchemaViolation(SchemaRules.InvalidAnnotation, $"annotation key {MessageText.Quote(key)} in {annotationsPath} is not valid: it {problem}", annotationsPath.Key(key)));
            }
            // The limit is on bytes (Go's len), not characters.
            total += Encoding.UTF8.GetByteCount(key) + (entry.Value is YamlScalar s ? Encoding.UTF8.GetByteCount(s.Value) : 0);
        }
        if (total > NameRules.TotalAnnotationSizeLimit)
        {
            violations.Add(new SchemaViolation(SchemaRules.InvalidAnnotation, $"{annotationsPath} are {total} bytes in total; the API server accepts at most {NameRules.TotalAnnotationSizeLimit} (256 KiB)", annotationsPath));
        }
    }

    public static void CheckLabels(YamlMapping labels, ObjectPath path, List<SchemaViolation> violations)
    {
        for (var i = 0; i < labels.Entries.Count; i++)
        {
            var entry = labels.Entries[i];
            var key = entry.Key.Value;
            if (NameRules.QualifiedName(key) is { } keyProblem)
            {
                violations.Add(new SchemaViolation(SchemaRules.InvalidLabel, $"label key {MessageText.Quote(key)} in {path} is not valid: it {keyProblem}", path.Key(key)));
            }
            if (entry.Value is YamlScalar { IsNull: false } value && NameRules.LabelValue(value.Value) is { } valueProblem)
            {
                violations.Add(new SchemaViolation(SchemaRules.InvalidLabel, $"label value {MessageText.Quote(value.Value)} of {MessageText.Quote(key)} in {path} is not valid: it {valueProblem}", path.Key(key)));
            }
        }
    }
}
