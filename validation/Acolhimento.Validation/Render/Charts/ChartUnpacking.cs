using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Charts;

/// <summary>
/// A chart archive unpacked under untrusted-input rules (<see cref="ArchiveExtraction"/>): it must hold exactly one
/// top folder with a <c>Chart.yaml</c> naming the chart it was pinned for, as <c>helm package</c> writes it.
/// </summary>
internal static class ChartUnpacking
{
    /// <summary>The chart's folder name under <paramref name="target"/>, or why the archive cannot be used.</summary>
    public static (string? Folder, string? Problem) Unpack(byte[] archive, string target, string expectedName)
    {
        var extracted = ArchiveExtraction.Extract(archive, target);
        if (extracted.Problem is { } problem) return (null, problem);
        if (extracted.TopFolders is not [var top] || !Directory.Exists(Path.Combine(target, top)))
            return (null, $"the archive holds {extracted.TopFolders.Count} top-level entries ({string.Join(", ", extracted.TopFolders.Take(5))}); a chart archive holds one folder");
        var chartFile = Path.Combine(target, top, "Chart.yaml");
        if (!File.Exists(chartFile)) return (null, $"the archive's folder {top}/ has no Chart.yaml");
        var read = YamlReader.Read(File.ReadAllText(chartFile));
        var name = read.Documents.FirstOrDefault()?.Root is YamlMapping chart ? chart.String("name") : null;
        return name == expectedName
            ? (top, null)
            : (null, $"the archive's Chart.yaml names chart \"{name}\", not \"{expectedName}\"");
    }
}
