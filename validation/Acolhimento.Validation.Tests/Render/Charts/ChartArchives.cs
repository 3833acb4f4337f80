using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Acolhimento.Validation.Tests.Render.Charts;

/// <summary>Chart archives written by the tests, in process (gzipped tar, as <c>helm package</c> lays them out).</summary>
public static class ChartArchives
{
    /// <summary>A gzipped tar of the given files (path → text), in the given order.</summary>
    public static byte[] Tar(params (string Path, string Text)[] files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (path, text) in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) };
                tar.WriteEntry(entry);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>A gzipped tar holding one entry of another type (a link, a FIFO), for hostile-input tests.</summary>
    public static byte[] WithEntry(TarEntryType type, string path, string? linkName = null)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "chart/Chart.yaml") { DataStream = new MemoryStream("name: chart\n"u8.ToArray()) });
            var entry = new PaxTarEntry(type, path);
            if (linkName is not null) entry.LinkName = linkName;
            tar.WriteEntry(entry);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// A small chart <paramref name="name"/>@<paramref name="version"/>: one ConfigMap named from the release, its data
    /// from <c>greeting</c>, a values schema that wants <c>greeting</c> to be a string.
    /// </summary>
    public static byte[] Chart(string name, string version, string extraTemplate = "") => Tar(
        ($"{name}/Chart.yaml", $"apiVersion: v2\nname: {name}\nversion: {version}\n"),
        ($"{name}/values.yaml", "greeting: hello\n"),
        ($"{name}/values.schema.json", """{"type":"object","properties":{"greeting":{"type":"string"}}}"""),
        ($"{name}/templates/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-settings\ndata:\n  greeting: {{ .Values.greeting | quote }}\n" + extraTemplate));
}
