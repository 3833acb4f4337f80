namespace Acolhimento.Validation.Tests.Support;

/// <summary>
/// Where the API server's recorded answers (<c>apiserver-oracle/cases.jsonl.gz</c>, read-only test data) are found, one
/// way for every test that reads them: <c>$ACOLHIMENTO_ORACLE_CASES</c>, else beside the schema data
/// (<c>$ACOLHIMENTO_SCHEMA_DIR/../apiserver-oracle</c>, as the shared folder is laid out), else
/// <c>shared/apiserver-oracle/</c> beside the repository or one of its ancestors.
/// </summary>
internal static class OracleCasesFile
{
    public const string Variable = "ACOLHIMENTO_ORACLE_CASES";

    public const string FileName = "cases.jsonl.gz";

    public static string? Locate()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } named) return File.Exists(named) ? Path.GetFullPath(named) : null;
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("ACOLHIMENTO_SCHEMA_DIR") is { Length: > 0 } schemas)
            candidates.Add(Path.Combine(schemas, "..", "apiserver-oracle", FileName));
        for (var dir = new DirectoryInfo(RepositoryLocator.Root).Parent; dir is not null; dir = dir.Parent)
            candidates.Add(Path.Combine(dir.FullName, "shared", "apiserver-oracle", FileName));
        return candidates.Where(File.Exists).Select(Path.GetFullPath).FirstOrDefault();
    }

    /// <summary>The file, or a visible skip saying how to provide it.</summary>
    public static string Require()
    {
        var file = Locate();
        VisibleSkip.When(file is null, $"no API server oracle: set {Variable} to a {FileName} of recorded answers, or put it in shared/apiserver-oracle/ beside the repository or beside the schema data");
        return file!;
    }
}
