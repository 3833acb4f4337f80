namespace Acolhimento.Validation.Identity;

/// <summary>The harness's own names, each spelled once: what it is called, where it keeps its cache, the domain of its annotations.</summary>
internal static class Harness
{
    /// <summary>The command as installed (the .NET tool's command name, the CLI assembly's name).</summary>
    public const string ToolName = "acolhimento-validate";

    /// <summary>The folder under the user cache (<c>~/.cache/acolhimento-validation</c>).</summary>
    public const string CacheFolderName = "acolhimento-validation";

    /// <summary>
    /// The harness's domain: the group of its own file kinds (<c>validation.yaml</c>, lock files) and the prefix of the
    /// annotations it reads or writes. A domain the organisation owns (central-acolhimento.com, as its hosts).
    /// </summary>
    public const string Domain = "validation.central-acolhimento.com";

    /// <summary>The apiVersion of the harness's own files (<c>kind: RepositoryConfiguration</c>, <c>ChartLock</c>, <c>SchemaLock</c>).</summary>
    public const string FileApiVersion = Domain + "/v1";

    /// <summary>An annotation of the harness's domain: <c>validation.central-acolhimento.com/&lt;name&gt;</c>.</summary>
    public const string AnnotationPrefix = Domain + "/";

    /// <summary>The label on every container the harness starts (reverse-DNS, as Docker asks of label keys).</summary>
    public const string ContainerLabel = "com.central-acolhimento.validation";
}
