using System.Text.RegularExpressions;
using Acolhimento.Validation.Yaml;
using System.Text.Json.Nodes;

namespace Acolhimento.Validation.Live;

/// <summary>
/// Locates an immutable-field refusal at the line that changed. The API server names the immutable field or, for a
/// StatefulSet, the whole <c>spec</c> ("updates to statefulset spec for fields other than 'replicas', … are forbidden"),
/// which would put the finding on the <c>spec:</c> line. The object as it exists is read back, and the first field under
/// the named one whose value this revision changes — outside the fields the message names as updatable — is the place.
/// </summary>
internal static partial class ImmutableChanges
{
    public static bool Concerns(StatusCause cause) =>
        cause.Message.Contains("field is immutable", StringComparison.Ordinal)
        || (cause.Message.Contains("updates to", StringComparison.Ordinal) && cause.Message.Contains("are forbidden", StringComparison.Ordinal));

    /// <summary>The locator moves immutable-field causes to the field this body changes against <paramref name="liveJson"/> (others keep their path).</summary>
    public static Func<StatusCause, ObjectPath, ObjectPath?>? Locator(string liveJson, LiveObject target)
    {
        if (LiveJson.Parse(liveJson) is not { } current) return null;
        return (cause, resolved) => Concerns(cause) ? FirstChange(target.Body, current, resolved, Updatable(cause.Message)) : null;
    }

    /// <summary>The environment whose version an object on the cluster is (<see cref="LiveObject.EnvironmentAnnotation"/>); null when not marked.</summary>
    public static string? AppliedFor(string liveJson)
    {
        return LiveJson.Parse(liveJson)?["metadata"]?["annotations"]?[LiveObject.EnvironmentAnnotation].Text();
    }

    /// <summary>
    /// The first field (in source order) at or under <paramref name="under"/> that <paramref name="sent"/> sets to a value
    /// the live object does not have; direct children named in <paramref name="updatable"/> are skipped. Null when none differs.
    /// </summary>
    public static ObjectPath? FirstChange(YamlNode sent, JsonNode live, ObjectPath under, IReadOnlySet<string> updatable)
    {
        if (sent.At(under) is not { } start) return null;
        return Compare(start, Select(live, under), under, updatable, top: true);
    }

    private static ObjectPath? Compare(YamlNode sent, JsonNode? live, ObjectPath at, IReadOnlySet<string> updatable, bool top)
    {
        switch (sent)
        {
            case YamlMapping mapping:
                if (live is not JsonObject liveObject) return at;
                foreach (var entry in mapping.Entries)
                {
                    if (top && updatable.Contains(entry.Key.Value)) continue;
                    if (Compare(entry.Value, liveObject[entry.Key.Value], at.Key(entry.Key.Value), updatable, top: false) is { } changed) return changed;
                }
                return null;
            case YamlSequence sequence:
                if (live is not JsonArray liveArray) return at;
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    if (i >= liveArray.Count) return at.Index(i);
                    if (Compare(sequence.Items[i], liveArray[i], at.Index(i), updatable, top: false) is { } changed) return changed;
                }
                return null;
            default:
                if (sent.ToJsonNode() is not { } value) return null;
                return live is not null && Same(value, live) ? null : at;
        }
    }

    /// <summary>Equal as the server would store them; a number written as a string (a quantity) compares by text.</summary>
    private static bool Same(JsonNode sent, JsonNode live) =>
        JsonNode.DeepEquals(sent, live) || (sent is JsonValue a && live is JsonValue b && string.Equals(a.ToCompactJson().Trim('"'), b.ToCompactJson().Trim('"'), StringComparison.Ordinal));

    private static JsonNode? Select(JsonNode root, ObjectPath path)
    {
        JsonNode? node = root;
        foreach (var segment in path.Segments)
        {
            node = (segment, node) switch
            {
                (string key, JsonObject o) => o[key],
                (int index, JsonArray a) when index < a.Count => a[index],
                _ => null,
            };
            if (node is null) return null;
        }
        return node;
    }

    /// <summary>The fields a "for fields other than 'a', 'b' … are forbidden" message allows to change.</summary>
    public static IReadOnlySet<string> Updatable(string message) =>
        message.Contains("other than", StringComparison.Ordinal)
            ? QuotedField().Matches(message[message.IndexOf("other than", StringComparison.Ordinal)..]).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);

    [GeneratedRegex(@"'(?<name>[A-Za-z]+)'")]
    private static partial Regex QuotedField();
}
