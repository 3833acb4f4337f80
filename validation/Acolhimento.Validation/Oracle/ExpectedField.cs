using System.Text.RegularExpressions;

namespace Acolhimento.Validation.Oracle;

/// <summary>
/// Where the API server says an object is wrong: each cause's field; for a refusal without causes (the decoder's
/// strict unknown-field and type errors), the field its message names; else the mutated field.
/// <see cref="WithoutIndexes"/> marks a path from Go's JSON decoder, which leaves list indexes out.
/// </summary>
public sealed record ExpectedField(FieldPath Path, bool WithoutIndexes)
{
    private static readonly Regex UnknownField = new("unknown field \"([^\"]+)\"", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private static readonly Regex GoStructField = new(@"Go struct field [A-Za-z0-9_]+\.([^ ]+) of type", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <param name="volumesAddedInFront">How many volumes the API server puts before a pod template's own when it names
    /// them (a StatefulSet's volumeClaimTemplates): its <c>volumes[N]</c> is the written <c>volumes[N - this]</c>.</param>
    public static IReadOnlyList<ExpectedField> Of(OracleCase item, int volumesAddedInFront = 0)
    {
        var fromCauses = item.Causes.Where(c => !string.IsNullOrEmpty(c.Field))
            .SelectMany(c => WithTemplateMetadata(FieldPath.Parse(c.Field)))
            .SelectMany(e => WithNotationAliases(e, volumesAddedInFront))
            .ToList();
        if (fromCauses.Count > 0) return fromCauses;
        var message = item.Message ?? "";
        var fromMessage = UnknownField.Matches(message).Select(m => new ExpectedField(FieldPath.Parse(m.Groups[1].Value), false))
            .Concat(GoStructField.Matches(message).Select(m => new ExpectedField(FieldPath.Parse(m.Groups[1].Value), true)))
            .ToList();
        if (fromMessage.Count > 0) return fromMessage;
        return [new ExpectedField(FieldPath.FromPointer(item.Mutation.Pointer), false)];
    }

    /// <summary>
    /// The API server names a pod template's labels and annotations <c>template.labels</c> (its ValidatePodTemplateSpec
    /// appends "labels" to the template's path, not to its metadata's): the same field as <c>template.metadata.labels</c>.
    /// </summary>
    private static IEnumerable<ExpectedField> WithTemplateMetadata(FieldPath path)
    {
        yield return new ExpectedField(path, false);
        for (var i = 0; i + 1 < path.Depth; i++)
        {
            if (path.Segments[i] == "template" && path.Segments[i + 1] is "labels" or "annotations")
            {
                yield return new ExpectedField(new FieldPath(path.Segments.Insert(i + 1, "metadata")), false);
            }
        }
    }

    /// <summary>
    /// The API server's other names for a field: a claim's storage request is <c>resources[storage]</c> (a key under
    /// resources, for resources.requests.storage), and a StatefulSet's pod volumes are counted after the claim templates
    /// it adds in front of them.
    /// </summary>
    private static IEnumerable<ExpectedField> WithNotationAliases(ExpectedField expected, int volumesAddedInFront)
    {
        yield return expected;
        var segments = expected.Path.Segments;
        for (var i = 0; i + 1 < segments.Length; i++)
        {
            if (segments[i] == "resources" && segments[i + 1] == "storage")
            {
                yield return expected with { Path = new FieldPath(segments.Insert(i + 1, "requests")) };
            }
            if (volumesAddedInFront > 0 && segments[i] == "volumes" && i >= 1 && segments[i - 1] == "spec"
                && int.TryParse(segments[i + 1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index >= volumesAddedInFront)
            {
                yield return expected with { Path = new FieldPath(segments.SetItem(i + 1, (index - volumesAddedInFront).ToString(System.Globalization.CultureInfo.InvariantCulture))) };
            }
        }
    }

    /// <summary>
    /// A finding at <paramref name="found"/> is at this field when it names the field or a field inside it, or the
    /// mapping just above it; with <paramref name="coversBelow"/> (a missing required field, whose absence is why the
    /// fields under it are refused) also when the field lies anywhere under it.
    /// </summary>
    public bool IsAt(FieldPath found, bool coversBelow = false)
    {
        var path = WithoutIndexes ? found.WithoutIndexes() : found;
        if (path.StartsWith(Path)) return true;
        return path.Depth > 0 && Path.StartsWith(path) && (coversBelow || Path.Depth - path.Depth == 1);
    }

    public override string ToString() => WithoutIndexes ? $"{Path} (any index)" : Path.ToString();
}
