using Acolhimento.Validation.Kubernetes;

namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>
/// Puts the API server's field checks (<see cref="ApiServerFields"/>) on a compiled built-in schema node, so the schema
/// walk makes them wherever the type appears, in every kind. Only a field's own node is changed (an inline property,
/// or a list's items); a field that is a shared component gets the presence check only.
/// </summary>
internal static class ApiServerFieldConstraints
{
    public static void Apply(SchemaNode node)
    {
        var fields = ApiServerFields.BuiltIn.OfSchema(node.Name);
        if (fields.Count == 0) return;
        foreach (var field in fields)
        {
            if (!node.Properties.TryGetValue(field.Field, out var property)) continue;
            if (field.Required && !node.Required.Contains(field.Field)) node.Required = [.. node.Required, field.Field];
            if (field.Defaulted) node.Required = [.. node.Required.Where(r => r != field.Field)];
            if (!Owns(node, property)) continue;
            var isList = property.Types.HasFlag(JsonTypes.Array);
            var target = isList && property.Items is { } items && Owns(node, items) ? items : property;
            if (field.Required)
            {
                if (isList) property.MinItems = Math.Max(property.MinItems ?? 0, 1);
                else if (property.Types.HasFlag(JsonTypes.String)) property.MinLength = Math.Max(property.MinLength ?? 0, 1);
            }
            if (field.MaxItems is { } maxItems) property.MaxItems = maxItems;
            if (field.Minimum is { } min) target.Minimum = min;
            if (field.Maximum is { } max) target.Maximum = max;
            if (field.Format is { } format) target.ApiFormat = Lookup(format, field) is var api && field.FormatChecksEmpty ? api with { ChecksEmpty = true } : api;
            if (field.KeyFormat is { } keys) property.KeyFormat = Lookup(keys, field);
            if (field.ValueFormat is { } values && property.AdditionalProperties is { } value && Owns(node, value)) value.ApiFormat = Lookup(values, field);
        }
    }

    private static bool Owns(SchemaNode node, SchemaNode property) => property.Name.StartsWith(node.Name + ".", StringComparison.Ordinal);

    private static ApiFormat Lookup(string name, ApiServerField field) =>
        ApiFormats.All.GetValueOrDefault(name) ?? throw new InvalidDataException($"api-server-fields.yaml: {field.Schema}.{field.Field} names the unknown format {name}");
}
