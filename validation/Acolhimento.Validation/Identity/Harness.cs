namespace Acolhimento.Validation.Identity;

/// <summary>The harness's own names, each spelled once: what it is called, where it keeps its cache, the domain of its annotations.</summary>
internal static class Harness
{
    /// <summary>The command as installed (the .NET tool's command name, the CLI assembly's name).</summary>
    public const string ToolName = "acolhimento-validate";

    /// <summary>The folder under the user cache (<c>~/.cache/acolhimento-validation</c>).</summary>
    public const string CacheFolderName = "acolhimento-validation";
}
