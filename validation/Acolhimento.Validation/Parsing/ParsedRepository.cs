using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Parsing;

/// <summary>A file after parsing. <see cref="Complete"/> is false when reading stopped early (a finding says why).</summary>
public sealed record ParsedFile(RepositoryFile File, IReadOnlyList<YamlDocument> Documents, bool Complete)
{
    public string Path => File.Path;

    /// <summary>The first error the parse stage reported for this file; a file with one is never handed to kubectl or helm.</summary>
    public Findings.Finding? Problem { get; init; }

    public IEnumerable<YamlMapping> Mappings => Documents.Select(d => d.Root).OfType<YamlMapping>();
}

public sealed record ParsedRepository(string Root, IReadOnlyList<ParsedFile> Files)
{
    private readonly Dictionary<string, ParsedFile> _byPath = Files.ToDictionary(f => f.Path, StringComparer.Ordinal);

    public ParsedFile? Find(string relativePath) => _byPath.GetValueOrDefault(relativePath);

    public int DocumentCount => Files.Sum(f => f.Documents.Count(d => d.Root is not null));

    public int ObjectCount => Files.Where(f => f.File.Kind == FileKind.Manifest).Sum(f => f.Mappings.Count());
}

public sealed record ParseOptions(long MaxFileBytes = 5 * 1024 * 1024, YamlLimits? Limits = null)
{
    public static readonly ParseOptions Default = new();

    public YamlLimits YamlLimits => Limits ?? YamlLimits.Default;
}
