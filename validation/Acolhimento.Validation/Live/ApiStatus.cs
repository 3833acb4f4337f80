using System.Text.Json;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace Acolhimento.Validation.Live;

/// <summary>A field the API server named in a refusal, with its path as the server wrote it (null: about the object as a whole).</summary>
public sealed record StatusCause(string? Field, string Message, string? Reason = null);

/// <summary>
/// A refusal as the API server describes it in its <c>Status</c> body: reason (<c>Invalid</c>, <c>Forbidden</c>,
/// <c>Conflict</c>, …), message, and <c>details.causes[]</c> with the field each is about. Some refusals carry their
/// fields only in the message — server-side apply's typed-patch errors (a field the schema does not declare, a wrong
/// scalar type), strict decoding errors, a missing namespace — and those are read from the message's documented formats.
/// </summary>
public sealed partial record ApiStatus(int Code, string? Reason, string Message, IReadOnlyList<StatusCause> Causes)
{
    public static ApiStatus From(ApiResponse response)
    {
        V1Status? status = null;
        if (response.Body.TrimStart().StartsWith('{'))
        {
            try
            {
                status = KubernetesJson.Deserialize<V1Status>(response.Body);
            }
            catch (JsonException)
            {
                // Not a Status: the body text below stands for the message.
            }
        }
        if (status is null || status.Kind is not (null or "Status"))
        {
            var text = string.Join(' ', response.Body.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            return new ApiStatus((int)response.Status, null, text.Length > 0 ? Truncate(text) : $"HTTP {(int)response.Status} without a body", []);
        }
        var message = status.Message ?? status.Reason ?? $"HTTP {(int)response.Status}";
        var causes = status.Details?.Causes?.Where(c => c is not null)
            .Select(c => new StatusCause(string.IsNullOrEmpty(c.Field) ? null : c.Field, c.Message ?? c.Reason ?? "", c.Reason))
            .ToList() ?? [];
        if (causes.Count == 0) causes.AddRange(CausesInMessage(message, status));
        return new ApiStatus(status.Code ?? (int)response.Status, string.IsNullOrEmpty(status.Reason) ? null : status.Reason, message, causes);
    }

    /// <summary>Fields named only in the message (see the type's summary); none when the message names none.</summary>
    public static IEnumerable<StatusCause> CausesInMessage(string message, V1Status? status = null)
    {
        if (TypedPatch().Match(message) is { Success: true } typed)
        {
            var rest = message[typed.Length..].Trim();
            IEnumerable<string> parts = rest.StartsWith("errors:", StringComparison.Ordinal)
                ? rest["errors:".Length..].ReplaceLineEndings("\n").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                : [rest];
            foreach (var part in parts)
            {
                if (PathAndMessage().Match(part) is { Success: true } cause) yield return new StatusCause(cause.Groups["path"].Value, cause.Groups["message"].Value.Trim(), "FieldValueInvalid");
            }
            yield break;
        }
        var named = false;
        foreach (Match field in DecodingField().Matches(message))
        {
            named = true;
            yield return new StatusCause(field.Groups["path"].Value, field.Groups["what"].Value + " field", field.Groups["what"].Value == "unknown" ? "FieldValueNotSupported" : "FieldValueDuplicate");
        }
        if (named) yield break;
        if (status?.Details is { Kind: "namespaces", Name: { Length: > 0 } missing } && status.Reason == "NotFound")
        {
            yield return new StatusCause("metadata.namespace", $"namespace {missing} does not exist", "NotFound");
        }
    }

    /// <summary>The message on one line without the Status' own repetition of the object's name; long messages are cut.</summary>
    private static string Truncate(string text) => text.Length > 500 ? text[..500] + "…" : text;

    [GeneratedRegex(@"failed to create typed patch object \([^)]*\):")]
    private static partial Regex TypedPatch();

    /// <summary><c>.path: message</c>, a structured-merge-diff path (<c>.spec.a[name="x"].b</c>).</summary>
    [GeneratedRegex(@"^(?<path>\.\S+?): (?<message>.*)$", RegexOptions.Singleline)]
    private static partial Regex PathAndMessage();

    [GeneratedRegex(@"(?<what>unknown|duplicate) field ""(?<path>[^""]+)""")]
    private static partial Regex DecodingField();
}
