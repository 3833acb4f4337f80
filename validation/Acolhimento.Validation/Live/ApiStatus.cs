using System.Text.Json;
using k8s;
using k8s.Models;

namespace Acolhimento.Validation.Live;

/// <summary>
/// A field the API server named in a refusal, with its path as the server wrote it (null: about the object as a whole,
/// or, with a <see cref="Search"/>, about a value the message describes but does not place).
/// </summary>
internal sealed record StatusCause(string? Field, string Message, string? Reason = null, ValueSearch? Search = null);

/// <summary>
/// A refusal as the API server describes it in its <c>Status</c> body: reason (<c>Invalid</c>, <c>Forbidden</c>,
/// <c>Conflict</c>, …), message, and <c>details.causes[]</c> with the field each is about. Some refusals carry their
/// fields only in the message — server-side apply's typed-patch errors (a field the schema does not declare, a wrong
/// scalar type), strict decoding errors, a missing namespace — and those are read from the message's documented formats.
/// </summary>
internal sealed record ApiStatus(int Code, string? Reason, string Message, IReadOnlyList<StatusCause> Causes)
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
            .Select(c => new StatusCause(StatusMessages.FieldOrNull(c.Field), c.Message ?? c.Reason ?? "", c.Reason))
            .ToList() ?? [];
        if (causes.Count == 0) causes.AddRange(CausesInMessage(message, status));
        return new ApiStatus(status.Code ?? (int)response.Status, string.IsNullOrEmpty(status.Reason) ? null : status.Reason, message, causes);
    }

    /// <summary>Fields named only in the message (see <see cref="StatusMessages"/>); none when the message names none.</summary>
    public static IEnumerable<StatusCause> CausesInMessage(string message, V1Status? status = null)
    {
        var causes = StatusMessages.Causes(message).ToList();
        if (causes.Count == 0 && status?.Details is { Kind: "namespaces", Name: { Length: > 0 } missing } && status.Reason == "NotFound")
        {
            causes.Add(new StatusCause("metadata.namespace", $"namespace {missing} does not exist", "NotFound"));
        }
        return causes;
    }

    /// <summary>The message on one line without the Status' own repetition of the object's name; long messages are cut.</summary>
    private static string Truncate(string text) => text.Length > 500 ? text[..500] + "…" : text;
}
