using Acolhimento.Validation.Reporting;

namespace Acolhimento.Validation.Cli;

/// <summary>
/// The command this user typed to reach the CLI, so that a message telling them what to run next names a command they
/// have: <c>acolhimento-validate</c> when installed as a .NET tool (the package layout has a <c>tools</c> folder),
/// else <c>dotnet run --project …/Acolhimento.Validation.Cli --</c> from the checkout the running build belongs to.
/// </summary>
public static class Invocation
{
    private const string ProjectFolder = "validation/Acolhimento.Validation.Cli";

    public static string Command(string assemblyFolder, string currentDirectory)
    {
        var segments = Path.GetFullPath(assemblyFolder).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        if (segments.Contains(".store") || segments.Contains("tools")) return ReportContext.ToolName;
        for (var dir = new DirectoryInfo(assemblyFolder); dir is not null; dir = dir.Parent)
        {
            var project = Path.Combine(dir.FullName, ProjectFolder);
            if (File.Exists(Path.Combine(project, "Acolhimento.Validation.Cli.csproj")))
                return $"dotnet run --project {Path.GetRelativePath(currentDirectory, project).Replace('\\', '/')} --";
        }
        return ReportContext.ToolName;
    }

    /// <summary>The command of this process.</summary>
    public static string Current() => Command(AppContext.BaseDirectory, Directory.GetCurrentDirectory());

    /// <summary>A message with every quoted <c>`acolhimento-validate …`</c> command written as <paramref name="command"/> runs it.</summary>
    public static string Translate(string message, string command) =>
        command == ReportContext.ToolName ? message : message.Replace($"`{ReportContext.ToolName} ", $"`{command} ", StringComparison.Ordinal);
}
