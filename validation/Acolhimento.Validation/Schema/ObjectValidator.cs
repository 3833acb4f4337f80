using System.Globalization;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;
using static Acolhimento.Validation.Schema.JsonValueChecks;

namespace Acolhimento.Validation.Schema;

/// <summary>One schema violation: rule, a sentence, and the field it is about (<see cref="ObjectPath.Root"/> for the whole object).</summary>
public sealed record SchemaViolation(string Rule, string Message, ObjectPath Path, Severity Severity = Severity.Error);

/// <summary>
/// Validates a YAML object against a compiled schema the way the API server does with strict field validation:
/// walking the position-carrying nodes directly (no JSON conversion), so each violation names its exact field.
/// Stateless and thread-safe; <paramref name="objectMeta"/> is the schema of <c>metadata</c> in embedded resources.
/// </summary>
public sealed class ObjectValidator(SchemaNode objectMeta)
{
    private static readonly SchemaNode StringSchema = new() { Name = "string", Types = JsonTypes.String, Complete = true };

    public SchemaNode ObjectMeta { get; } = objectMeta;

    public IReadOnlyList<SchemaViolation> Validate(YamlNode value, SchemaNode schema)
    {
        var walker = new Walker(this, branchMode: false, new PathStack());
        walker.Check(value, schema);
        // A reference cycle kept as an allOf constraint next to keywords of its own (and its fields, which Property
        // finds through that allOf) is walked twice, so the same violation can come back twice: report it once.
        var violations = walker.Violations.Count == 0
            ? []
            : walker.Violations
                .Select(v => new SchemaViolation(v.Rule, v.Message, v.Path, v.Severity))
                .DistinctBy(v => (v.Rule, Path: v.Path.ToString(), v.Message))
                .ToList();
        // CRD validation rules (CEL) run after the schema checks, as in the API server, which skips them after some errors.
        if (walker.RuleSites.Count > 0) violations.AddRange(Cel.CelRuleValidator.Evaluate(walker.RuleSites, violations));
        return violations;
    }

    /// <summary>Whether the value satisfies the schema, ignoring unknown fields (used for anyOf/oneOf/not alternatives); only errors count.</summary>
    private bool Satisfies(YamlNode value, SchemaNode schema, PathStack path, out PendingViolation? first)
    {
        var walker = new Walker(this, branchMode: true, path);
        walker.Check(value, schema);
        first = null;
        foreach (var violation in walker.Violations)
        {
            if (violation.Severity != Severity.Error) continue;
            first = violation;
            break;
        }
        return first is null;
    }

    private SchemaNode? ImplicitEmbeddedField(string field) => field switch
    {
        "apiVersion" or "kind" => StringSchema,
        "metadata" => ObjectMeta,
        _ => null,
    };

    private readonly record struct PendingViolation(string Rule, string Message, ObjectPath Path, Severity Severity);

    /// <summary>
    /// The path of the value being walked, kept as one stack of segments that the walk pushes and pops, so visiting a
    /// field allocates nothing; an <see cref="ObjectPath"/> or text is built only for a violation.
    /// </summary>
    private sealed class PathStack
    {
        private readonly List<object> _segments = [];

        public void Push(string key) => _segments.Add(key);

        public void Push(int index) => _segments.Add(index);

        public void Pop() => _segments.RemoveAt(_segments.Count - 1);

        public ObjectPath ToObjectPath() => _segments.Count == 0 ? ObjectPath.Root : ObjectPath.Of([.. _segments]);

        public override string ToString() => ToObjectPath().ToString();
    }

    private sealed class Walker(ObjectValidator owner, bool branchMode, PathStack path)
    {
        public List<PendingViolation> Violations { get; } = [];

        /// <summary>Values whose schema has CEL rules; collected outside alternatives only.</summary>
        public List<Cel.CelRuleSite> RuleSites { get; } = [];

        private void Add(string rule, string message, Severity severity = Severity.Error) => Violations.Add(new PendingViolation(rule, message, path.ToObjectPath(), severity));

        /// <summary>A violation about <paramref name="field"/> of the value being walked.</summary>
        private void AddAtField(string rule, string message, string field)
        {
            path.Push(field);
            Add(rule, message);
            path.Pop();
        }

        private void CheckChild(YamlNode node, SchemaNode schema, string field)
        {
            path.Push(field);
            Check(node, schema);
            path.Pop();
        }

        private void CheckChild(YamlNode node, SchemaNode schema, int index)
        {
            path.Push(index);
            Check(node, schema);
            path.Pop();
        }

        public void Check(YamlNode node, SchemaNode schema)
        {
            if (node is YamlScalar { IsNull: true })
            {
                if (!schema.Nullable && schema.Types != JsonTypes.Any)
                {
                    Add(SchemaRules.TypeMismatch, $"{path} must be {TypeNames(schema)}, but is null");
                }
                return;
            }
            var allowed = schema.IntOrString ? schema.Types | JsonTypes.Integer | JsonTypes.String : schema.Types;
            if (allowed != JsonTypes.Any && !TypeAllowed(node, allowed))
            {
                Add(SchemaRules.TypeMismatch, $"{path} must be {TypeNames(allowed)}, but {DescribeValue(node)} is {Article(node.Describe())}");
                return; // further checks of a value of the wrong type would only repeat the problem
            }
            if (schema.CelRules.Count > 0 && !branchMode) RuleSites.Add(new Cel.CelRuleSite(path.ToObjectPath(), node, schema));
            switch (node)
            {
                case YamlMapping mapping:
                    CheckObject(mapping, schema);
                    break;
                case YamlSequence sequence:
                    CheckArray(sequence, schema);
                    break;
                case YamlScalar scalar:
                    CheckScalar(scalar, schema);
                    break;
            }
            CheckAlternatives(node, schema);
        }

        private void CheckObject(YamlMapping mapping, SchemaNode schema)
        {
            var entries = mapping.Entries;
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                var field = entry.Key.Value;
                var child = schema.Property(field) ?? (schema.EmbeddedResource ? owner.ImplicitEmbeddedField(field) : null) ?? schema.AdditionalProperties;
                if (child is null)
                {
                    if (!schema.AllowsUnknownFields && !branchMode) UnknownField(field, schema);
                    continue;
                }
                // The API server drops a null for a non-nullable field before validating, as if it were absent.
                if (entry.Value is YamlScalar { IsNull: true } && !child.Nullable) continue;
                if (schema.KeyFormat is { } keyFormat && ReferenceEquals(child, schema.AdditionalProperties)) CheckMapKey(field, keyFormat);
                CheckChild(entry.Value, child, field);
            }
            for (var i = 0; i < schema.Required.Count; i++) RequirePresent(mapping, schema, schema.Required[i]);
            if (schema.EmbeddedResource)
            {
                RequirePresent(mapping, schema, "apiVersion");
                RequirePresent(mapping, schema, "kind");
            }
            CheckCount(mapping.Entries.Count, schema.MinProperties, schema.MaxProperties, "field");
        }

        private void CheckMapKey(string key, ApiServer.ApiFormat format)
        {
            if (format.Problem(key) is { } problem) AddAtField(format.Rule, $"key {MessageText.Quote(key)} in {path} is not valid: it {problem}", key);
        }

        private void RequirePresent(YamlMapping mapping, SchemaNode schema, string field)
        {
            var value = mapping[field];
            if (value is null || (value is YamlScalar { IsNull: true } && schema.Property(field) is not { Nullable: true }))
            {
                var where = path.ToString() == "." ? "the object" : path.ToString();
                Add(SchemaRules.RequiredField, $"{where} is missing the required field {MessageText.Quote(field)}");
            }
        }

        private void UnknownField(string field, SchemaNode schema)
        {
            var where = path.ToString() == "." ? "at the top level of the object" : "in " + path;
            var message = $"unknown field {MessageText.Quote(field)} {where}";
            var known = schema.KnownFields().ToList();
            if (known.Count == 0) message += " (this object accepts no fields)";
            else if (FieldSuggestions.Closest(field, known) is { } suggestion) message += $"; did you mean \"{suggestion}\"?";
            AddAtField(SchemaRules.UnknownField, message, field);
        }

        private void CheckArray(YamlSequence sequence, SchemaNode schema)
        {
            if (schema.Items is { } items)
            {
                for (var i = 0; i < sequence.Items.Count; i++) CheckChild(sequence.Items[i], items, i);
            }
            CheckCount(sequence.Items.Count, schema.MinItems, schema.MaxItems, "item");
            if (schema.ListType is "set" or "map") CheckUniqueEntries(sequence, schema);
        }

        private void CheckUniqueEntries(YamlSequence sequence, SchemaNode schema)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < sequence.Items.Count; i++)
            {
                var item = sequence.Items[i];
                string? key;
                if (schema.ListType == "map" && schema.ListMapKeys.Count > 0)
                {
                    if (item is not YamlMapping m) continue;
                    key = string.Join('\u0001', schema.ListMapKeys.Select(k => m[k] is { } v ? EnumValues.Canonical(v) ?? "" : "<absent>"));
                }
                else
                {
                    key = EnumValues.Canonical(item);
                }
                if (key is null) continue;
                if (seen.TryGetValue(key, out var first))
                {
                    var what = schema.ListType == "map" ? $"the same {string.Join(", ", schema.ListMapKeys)} as" : "the same value as";
                    var message = $"{path}[{i}] has {what} {path}[{first}]; entries of this list must be unique";
                    path.Push(i);
                    Add(SchemaRules.DuplicateEntry, message);
                    path.Pop();
                }
                else
                {
                    seen[key] = i;
                }
            }
        }

        private void CheckCount(int count, long? min, long? max, string noun)
        {
            if (min is { } lo && count < lo) Add(SchemaRules.MinMax, $"{path} must have at least {lo} {noun}(s), but has {count}");
            if (max is { } hi && count > hi) Add(SchemaRules.MinMax, $"{path} must have at most {hi} {noun}(s), but has {count}");
        }

        private void CheckScalar(YamlScalar scalar, SchemaNode schema)
        {
            if (schema.Enum is { } allowed && !(schema.EnumEmptyIsUnset && scalar is { Kind: ScalarKind.String, Value.Length: 0 }))
            {
                if (!EnumValues.IsAllowed(scalar, allowed))
                {
                    Add(SchemaRules.Enum, EnumValues.Unsupported(path.ToString(), DescribeValue(scalar), scalar.Value, allowed));
                    return;
                }
            }
            var kind = scalar.Kind;
            if (kind == ScalarKind.String)
            {
                if (schema.IsQuantity && !Quantity.IsValid(scalar.Value))
                {
                    Add(SchemaRules.Quantity, $"{path} is not a valid resource quantity: {DescribeValue(scalar)} (use a number with an optional suffix, e.g. 250m, 0.5, 128Mi, 1Gi)");
                    return;
                }
                CheckStringFormat(scalar.Value, schema);
                if (schema.ApiFormat is { } apiFormat && (scalar.Value.Length > 0 || apiFormat.ChecksEmpty) && apiFormat.Problem(scalar.Value) is { } problem)
                {
                    Add(apiFormat.Rule, $"{path} is not valid: {DescribeValue(scalar)} {problem}");
                }
                CheckPattern(scalar, schema);
                if (schema.MinLength is null && schema.MaxLength is null) return;
                var length = RuneCount(scalar.Value);
                if (schema.MinLength is { } minLength && length < minLength) Add(SchemaRules.MinMax, $"{path} must be at least {minLength} character(s) long, but is {DescribeValue(scalar)}");
                if (schema.MaxLength is { } maxLength && length > maxLength) Add(SchemaRules.MinMax, $"{path} must be at most {maxLength} characters long, but has {length}");
            }
            else if (kind is ScalarKind.Int or ScalarKind.Float)
            {
                CheckNumber(scalar, schema);
            }
        }

        private void CheckPattern(YamlScalar scalar, SchemaNode schema)
        {
            if (schema.PatternText is not { } text || schema.IsQuantity) return;
            var matched = schema.Pattern?.IsMatch(scalar.Value);
            if (matched == false)
            {
                Add(SchemaRules.Pattern, $"{path} must match the pattern {text}, but is {DescribeValue(scalar)}");
            }
            else if (matched is null)
            {
                var why = schema.Pattern is null ? "uses regular-expression syntax .NET cannot express" : "took too long to evaluate";
                Add(SchemaRules.PatternNotChecked, $"{path} was not checked against the pattern {text}: the pattern {why}; the API server will check it", Severity.Info);
            }
        }

        private void CheckNumber(YamlScalar scalar, SchemaNode schema)
        {
            var number = NumericValue(scalar);
            if (number is not { } value) return;
            // A built-in int-or-string holds its integer in 32 bits (intstr.IntOrString.IntVal).
            if (schema.Format is "int32" or "int-or-string" && (value < int.MinValue || value > int.MaxValue))
            {
                Add(SchemaRules.Format, $"{path} must fit in a 32-bit integer ({int.MinValue} to {int.MaxValue}), but is {scalar.Value}");
            }
            else if (schema.Format is "int64" && !FitsInt64(scalar, value))
            {
                Add(SchemaRules.Format, $"{path} must fit in a 64-bit integer, but is {scalar.Value}");
            }
            if (schema.Minimum is { } min && (schema.ExclusiveMinimum ? value <= (double)min : value < (double)min))
            {
                Add(SchemaRules.MinMax, $"{path} must be {(schema.ExclusiveMinimum ? "greater than" : "at least")} {min.ToString(CultureInfo.InvariantCulture)}, but is {scalar.Value}");
            }
            if (schema.Maximum is { } max && (schema.ExclusiveMaximum ? value >= (double)max : value > (double)max))
            {
                Add(SchemaRules.MinMax, $"{path} must be {(schema.ExclusiveMaximum ? "less than" : "at most")} {max.ToString(CultureInfo.InvariantCulture)}, but is {scalar.Value}");
            }
        }

        private void CheckStringFormat(string value, SchemaNode schema)
        {
            var problem = schema.Format switch
            {
                "date-time" when !IsDateTime(value) => "an RFC 3339 date-time such as 2025-01-31T12:00:00Z",
                "date" when !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) => "a date such as 2025-01-31",
                "byte" when !IsBase64(value) => "base64-encoded data",
                "ipv4" when !(System.Net.IPAddress.TryParse(value, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && value.Count(c => c == '.') == 3) => "an IPv4 address",
                "ipv6" when !(System.Net.IPAddress.TryParse(value, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) => "an IPv6 address",
                "uuid" when !Guid.TryParseExact(value, "D", out _) => "a UUID",
                _ => null,
            };
            if (problem is not null) Add(SchemaRules.Format, $"{path} must be {problem}, but is {MessageText.Quote(value)}");
        }

        private void CheckAlternatives(YamlNode node, SchemaNode schema)
        {
            for (var i = 0; i < schema.AllOf.Count; i++)
            {
                var branch = schema.AllOf[i];
                var nested = new Walker(owner, branchMode: true, path);
                nested.Check(node, branch);
                Violations.AddRange(nested.Violations);
            }
            if (schema.AnyOf.Count > 0)
            {
                PendingViolation? firstFailure = null;
                var passed = false;
                foreach (var branch in schema.AnyOf)
                {
                    if (owner.Satisfies(node, branch, path, out var failure))
                    {
                        passed = true;
                        break;
                    }
                    firstFailure ??= failure;
                }
                if (!passed) Add(SchemaRules.Alternatives, $"{path} satisfies none of the allowed alternatives (first: {firstFailure?.Message})");
            }
            if (schema.OneOf.Count > 0)
            {
                PendingViolation? firstFailure = null;
                var passed = 0;
                foreach (var branch in schema.OneOf)
                {
                    if (owner.Satisfies(node, branch, path, out var failure)) passed++;
                    else firstFailure ??= failure;
                }
                if (passed == 0) Add(SchemaRules.Alternatives, $"{path} satisfies none of the allowed alternatives (first: {firstFailure?.Message})");
                else if (passed > 1) Add(SchemaRules.Alternatives, $"{path} satisfies {passed} alternatives where exactly one is allowed (set only one of them)");
            }
            if (schema.Not is { } not && owner.Satisfies(node, not, path, out _))
            {
                Add(SchemaRules.Alternatives, $"{path} has a combination of fields or a value that the schema forbids");
            }
        }
    }
}
