using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Parsing;

namespace Acolhimento.Validation.Render.Jsonnet;

/// <summary>Every file an evaluation reads (for the render cache key), or the first reason it may not run, with the file and line that asks.</summary>
internal sealed record JsonnetReadSet(IReadOnlyList<string> Files, string? Problem, string? ProblemFile, int ProblemLine);

/// <summary>
/// Follows a Jsonnet file's imports before the interpreter runs, resolving each as Jsonnet does (<c>libjsonnet.cpp</c>
/// <c>default_import_callback</c>, go-jsonnet's <c>FileImporter</c>): relative to the importing file's folder, then
/// each library path from the last to the first. Every import must end at a regular file of the repository reached
/// without leaving it, through no link and no missing step — an absolute path, a <c>..</c> out of the repository, a
/// link, or a path found nowhere in the repository (Jsonnet would go on to its default library folders outside it) is
/// refused, since the evaluation runs on pull-request content.
/// </summary>
internal static class JsonnetReads
{
    private const int MaxFiles = 2_000;
    private const long MaxFileBytes = 4 * 1024 * 1024;

    /// <param name="libraryPaths">Repository folders searched after the importing file's own, in Argo CD's order (the application folder, then <c>libs</c>).</param>
    public static JsonnetReadSet Of(ParsedRepository repository, string file, IReadOnlyList<string> libraryPaths)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { file };
        var pending = new Queue<string>([file]);
        while (pending.Count > 0)
        {
            var current = pending.Dequeue();
            if (Text(repository, current) is not { } text) return new([.. seen], $"{current} is not a regular file of the repository within {MaxFileBytes} bytes", current, 1);
            var scan = JsonnetImportScanner.Scan(text);
            if (scan.Problem is { } unreadable) return new([.. seen], $"its imports cannot be read: {unreadable}", current, scan.ProblemLine);
            foreach (var import in scan.Imports)
            {
                var (found, problem) = Resolve(repository, RepositoryPaths.Folder(current), import.Path, libraryPaths);
                if (problem is not null) return new([.. seen], $"{import.Keyword} \"{import.Path}\" {problem}", current, import.Line);
                if (!seen.Add(found!)) continue;
                if (seen.Count > MaxFiles) return new([.. seen], $"it imports more than {MaxFiles} files", current, import.Line);
                if (import.IsCode) pending.Enqueue(found!);
            }
        }
        return new([.. seen.Order(StringComparer.Ordinal)], null, null, 0);
    }

    private static (string? Found, string? Problem) Resolve(ParsedRepository repository, string folder, string path, IReadOnlyList<string> libraryPaths)
    {
        if (path.Length == 0) return (null, "names no file");
        if (path.StartsWith('/')) return (null, "is an absolute path: Jsonnet would read it from the machine that renders, outside the repository");
        foreach (var directory in new[] { folder }.Concat(libraryPaths.Reverse()))
        {
            if (RepositoryPaths.Combine(directory, path) is not { } candidate)
                return (null, $"leaves the repository (from {(directory.Length == 0 ? "its root" : directory)})");
            var resolution = repository.Resolve(candidate);
            if (resolution.Refused) return (null, $"is not read: {resolution.Problem}");
            if (resolution.TargetType == EntryType.Missing) continue;
            if (resolution.Target != candidate) return (null, $"goes through a symbolic link ({candidate}); Jsonnet's .. would follow the link, this check cannot");
            if (resolution.TargetType != EntryType.RegularFile) return (null, $"names {candidate}, which is not a regular file");
            return (candidate, null);
        }
        return (null, "is found in no folder of the repository Jsonnet searches (the importing file's, the application's, libs); Jsonnet would look outside it, Argo CD fails the source");
    }

    private static string? Text(ParsedRepository repository, string file)
    {
        var info = new FileInfo(Path.Combine(repository.Root, file));
        if (!info.Exists || info.LinkTarget is not null || info.Length > MaxFileBytes) return null;
        return File.ReadAllText(info.FullName);
    }
}
