using System.Text.RegularExpressions;

namespace Acolhimento.Validation.Live;

/// <summary>A line of <c>kubectl apply</c> standard output: <c>deployment.apps/api serverside-applied (server dry run)</c>.</summary>
public sealed record AppliedLine(string PrinterKey, string Verb, bool DryRun);

/// <summary>A field the API server complained about, with its path as the server wrote it.</summary>
public sealed record FieldCause(string Path, string Message);

/// <summary>The object an error names, when its text names one (kind may be a kind or a resource, group may be absent).</summary>
public sealed record ErrorSubject(string? Kind, string? Group, string? Namespace, string Name);

/// <summary>One error kubectl printed, possibly spanning lines; <see cref="Reason"/> is the API status reason when known.</summary>
public sealed record KubectlError(string Text, string? Reason, ErrorSubject? Subject, IReadOnlyList<FieldCause> Causes)
{
    /// <summary>The error without kubectl's advice paragraphs, on one line.</summary>
    public string Summary => string.Join(" ", Text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .TakeWhile(l => !l.StartsWith("Please review the fields above", StringComparison.Ordinal)));
}

public sealed record KubectlOutput(IReadOnlyList<AppliedLine> Applied, IReadOnlyList<string> Warnings, IReadOnlyList<KubectlError> Errors, IReadOnlyList<string> Unrecognized)
{
    public bool IsClean => Warnings.Count == 0 && Errors.Count == 0 && Unrecognized.Count == 0;
}

/// <summary>
/// Reads what <c>kubectl apply --server-side</c> prints: one success line per object on standard output; warnings,
/// errors and their continuation lines on standard error, in the formats of kubectl's error printer
/// (<c>Error from server (Reason): …</c>, <c>error: …</c>, <c>The Kind "name" is invalid: …</c>, <c>Warning: …</c>).
/// </summary>
public static partial class KubectlOutputParser
{
    public static KubectlOutput Parse(string standardOutput, string standardError)
    {
        var applied = new List<AppliedLine>();
        var unrecognized = new List<string>();
        foreach (var line in Lines(standardOutput))
        {
            var match = AppliedPattern().Match(line);
            if (match.Success) applied.Add(new AppliedLine(match.Groups["key"].Value, match.Groups["verb"].Value, match.Groups["dry"].Success));
            else unrecognized.Add(line);
        }

        var warnings = new List<string>();
        var errors = new List<KubectlError>();
        foreach (var entry in Entries(standardError))
        {
            if (entry.StartsWith("Warning: ", StringComparison.Ordinal)) warnings.Add(entry["Warning: ".Length..].Trim());
            else if (KlogPattern().IsMatch(entry)) continue; // client-side log noise (discovery cache), not about an object
            else errors.Add(ParseError(entry));
        }
        return new KubectlOutput(applied, warnings, errors, unrecognized);
    }

    /// <summary>Standard error split into entries: a line that starts a message, with the continuation lines that follow it.</summary>
    private static IEnumerable<string> Entries(string text)
    {
        var current = new List<string>();
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.Trim().Length == 0) continue;
            if (StartsEntry(line) && current.Count > 0)
            {
                yield return string.Join('\n', current);
                current.Clear();
            }
            current.Add(line.TrimEnd());
        }
        if (current.Count > 0) yield return string.Join('\n', current);
    }

    private static bool StartsEntry(string line) => EntryStartPattern().IsMatch(line);

    internal static KubectlError ParseError(string entry)
    {
        var text = entry.Trim();
        string? reason = null;
        var body = text;
        var server = ServerErrorPattern().Match(body);
        if (server.Success)
        {
            reason = server.Groups["reason"].Success ? server.Groups["reason"].Value : null;
            body = body[server.Length..];
        }
        else if (body.StartsWith("error: ", StringComparison.Ordinal))
        {
            body = body["error: ".Length..];
        }
        body = SourcePrefixPattern().Replace(body, "", 1);

        ErrorSubject? subject = null;
        var causes = new List<FieldCause>();
        if (InvalidPattern().Match(body) is { Success: true } invalid)
        {
            reason ??= invalid.Groups["verb"].Value == "invalid" ? "Invalid" : "Forbidden";
            subject = new ErrorSubject(invalid.Groups["kind"].Value, Group(invalid.Groups["group"]), null, invalid.Groups["name"].Value);
            var rest = body[invalid.Length..];
            if (invalid.Groups["verb"].Value == "invalid") causes.AddRange(InvalidCauses(rest));
        }
        else if (MappingPattern().Match(body) is { Success: true } mapping)
        {
            reason ??= "NoKindMatch";
            var apiVersion = mapping.Groups["version"].Value;
            subject = new ErrorSubject(mapping.Groups["kind"].Value, apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "",
                NullIfEmpty(mapping.Groups["namespace"].Value), mapping.Groups["name"].Value);
            causes.Add(new FieldCause("apiVersion", $"no kind {mapping.Groups["kind"].Value} is served in {apiVersion}: its CRD is not installed"));
        }
        else if (TypedPatchPattern().Match(body) is { Success: true } typed)
        {
            var groupVersion = typed.Groups["gv"].Value;
            subject = new ErrorSubject(typed.Groups["kind"].Value, groupVersion.Contains('/') ? groupVersion[..groupVersion.IndexOf('/')] : "",
                NullIfEmpty(typed.Groups["namespace"].Value), typed.Groups["name"].Value);
            causes.AddRange(TypedPatchCauses(body[typed.Length..]));
        }
        else if (ConflictPattern().Match(body) is { Success: true } conflict)
        {
            reason ??= "Conflict";
            foreach (Match path in ConflictPathPattern().Matches(body))
            {
                causes.Add(new FieldCause(path.Groups["path"].Value, $"conflict with field manager \"{conflict.Groups["manager"].Value}\""));
            }
        }
        else if (NamespaceNotFoundPattern().Match(body) is { Success: true } missingNamespace)
        {
            causes.Add(new FieldCause("metadata.namespace", $"namespace {missingNamespace.Groups["namespace"].Value} does not exist"));
        }

        foreach (Match unknown in UnknownFieldPattern().Matches(body))
        {
            causes.Add(new FieldCause(unknown.Groups["path"].Value, unknown.Groups["what"].Value + " field"));
        }
        return new KubectlError(text, reason, subject, causes);
    }

    /// <summary>
    /// Causes after <c>is invalid: </c>: one cause; a bracketed list <c>[a: …, b: …]</c> (the API server's message);
    /// or kubectl's bulleted form (an empty first line, then <c>* a: …</c> lines).
    /// </summary>
    private static IEnumerable<FieldCause> InvalidCauses(string rest)
    {
        var lines = rest.ReplaceLineEndings("\n").Split('\n');
        var first = lines[0].Trim();
        var bullets = lines.Skip(1).Select(l => l.Trim()).Where(l => l.StartsWith("* ", StringComparison.Ordinal)).Select(l => l[2..]).ToList();
        IEnumerable<string> parts;
        if (first.Length == 0 && bullets.Count > 0) parts = bullets;
        else if (first.StartsWith('[') && first.EndsWith(']')) parts = CauseSeparator().Split(first[1..^1]);
        else parts = [first];
        foreach (var part in parts)
        {
            var match = SinglePathCause().Match(part.Trim());
            if (match.Success) yield return new FieldCause(match.Groups["path"].Value, match.Groups["message"].Value.Trim());
        }
    }

    /// <summary>
    /// Causes after <c>failed to create typed patch object (…):</c>, as structured-merge-diff writes them: one
    /// <c>.path: message</c>, or <c>errors:</c> followed by one indented <c>.path: message</c> line per field.
    /// </summary>
    private static IEnumerable<FieldCause> TypedPatchCauses(string rest)
    {
        var text = rest.Trim();
        IEnumerable<string> parts = text.StartsWith("errors:", StringComparison.Ordinal) ? Lines(text["errors:".Length..]) : [text];
        foreach (var part in parts)
        {
            if (SinglePathCause().Match(part) is { Success: true } cause) yield return new FieldCause(cause.Groups["path"].Value, cause.Groups["message"].Value.Trim());
        }
    }

    private static IEnumerable<string> Lines(string text) =>
        text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? Group(Group group) => group.Success ? group.Value : null;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    [GeneratedRegex(@"^(?<key>[a-z0-9][a-z0-9.\-]*/.+?) (?<verb>serverside-applied|created|configured|unchanged)(?<dry> \((?:server )?dry run\))?$")]
    private static partial Regex AppliedPattern();

    [GeneratedRegex(@"^(Warning: |Error from server|error: |Error: |The [^ ]+ "".*"" is invalid|The request is invalid|Apply failed with |resource mapping not found |Server-side apply not available|from .+: cannot use generate name|[IWEF]\d{4} \d\d:\d\d:\d\d)")]
    private static partial Regex EntryStartPattern();

    [GeneratedRegex(@"^[IWEF]\d{4} \d\d:\d\d:\d\d")]
    private static partial Regex KlogPattern();

    [GeneratedRegex(@"^Error from server(?: \((?<reason>[A-Za-z]+)\))?: ")]
    private static partial Regex ServerErrorPattern();

    [GeneratedRegex(@"^error when [a-z ]+ ""[^""]*"": ")]
    private static partial Regex SourcePrefixPattern();

    [GeneratedRegex(@"^(?:The )?(?<kind>[A-Za-z][A-Za-z0-9]*)(?:\.(?<group>[a-z0-9][a-z0-9.\-]*))? ""(?<name>[^""]+)"" is (?<verb>invalid|forbidden):?")]
    private static partial Regex InvalidPattern();

    [GeneratedRegex(@"resource mapping not found for name: ""(?<name>[^""]*)"" namespace: ""(?<namespace>[^""]*)"" from ""[^""]*"": no matches for kind ""(?<kind>[^""]+)"" in version ""(?<version>[^""]+)""")]
    private static partial Regex MappingPattern();

    [GeneratedRegex(@"failed to create typed patch object \((?:(?<namespace>[^/;()]*)/)?(?<name>[^/;()]+); (?<gv>[^,]+), Kind=(?<kind>[A-Za-z0-9]+)\):")]
    private static partial Regex TypedPatchPattern();

    [GeneratedRegex(@"Apply failed with \d+ conflicts?: conflicts? with ""(?<manager>[^""]+)""")]
    private static partial Regex ConflictPattern();

    /// <summary>Conflicting paths: after the manager on the first line, or one per <c>- .path</c> line.</summary>
    [GeneratedRegex(@"(?:using [^\s:]+: |^- )(?<path>\.[^\s]+)", RegexOptions.Multiline)]
    private static partial Regex ConflictPathPattern();

    [GeneratedRegex(@"^namespaces ""(?<namespace>[^""]+)"" not found")]
    private static partial Regex NamespaceNotFoundPattern();

    [GeneratedRegex(@"(?<what>unknown|duplicate) field ""(?<path>[^""]+)""")]
    private static partial Regex UnknownFieldPattern();

    /// <summary><c>path: message</c> where path is a field path (<c>spec.a[0].b</c>, <c>.spec.a[name="x"]</c>, <c>metadata.labels[app]</c>).</summary>
    [GeneratedRegex(@"^(?<path>\.?[A-Za-z$_][A-Za-z0-9$_\-]*(?:\.[A-Za-z0-9$_\-/]+|\[[^\]]*\])*): (?<message>.*)$", RegexOptions.Singleline)]
    private static partial Regex SinglePathCause();

    /// <summary>Between causes of a bracketed list: a comma and space followed by the next <c>path: </c>.</summary>
    [GeneratedRegex(@", (?=\.?[A-Za-z$_][A-Za-z0-9$_\-]*(?:\.[A-Za-z0-9$_\-/]+|\[[^\]]*\])*: )")]
    private static partial Regex CauseSeparator();
}
