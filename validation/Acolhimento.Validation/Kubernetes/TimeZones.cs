namespace Acolhimento.Validation.Kubernetes;

/// <summary>
/// The IANA time zone names the API server resolves for a CronJob's <c>spec.timeZone</c> (Go's <c>time.LoadLocation</c>
/// over the tz database it embeds), from <c>iana-time-zones.txt</c> embedded next to this file. Kept as data rather than
/// asked of .NET: with invariant globalization and no system tz database (a CI container) <c>TimeZoneInfo</c> knows no
/// IANA names, and the answer must not depend on the machine running the gate.
/// </summary>
internal static class TimeZones
{
    private const string ResourceName = "Acolhimento.Validation.Kubernetes.iana-time-zones.txt";

    private static readonly Lazy<IReadOnlySet<string>> Embedded = new(() => Parse(ReadEmbedded()));

    /// <summary>Every zone and link name, compared exactly (Go's lookup is case-sensitive).</summary>
    public static IReadOnlySet<string> Names => Embedded.Value;

    public static bool IsKnown(string name) => Names.Contains(name);

    /// <summary>One name a line; <c>#</c> starts a comment line.</summary>
    public static IReadOnlySet<string> Parse(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);

    private static string ReadEmbedded()
    {
        using var stream = typeof(TimeZones).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the library was built without its embedded {ResourceName}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
