using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Render;

/// <summary>
/// What rendering one Application source produced. <see cref="Emitted"/> counts the documents the tool printed (or the
/// source's files hold) and <see cref="Refused"/> those reported with an error instead of handed on.
/// </summary>
internal sealed record SourceOutput(IReadOnlyList<RenderedObject> Objects, IReadOnlyList<Finding> Findings, IReadOnlySet<string> ReachedFolders)
{
    public int Emitted { get; init; }

    public int Refused { get; init; }

    public static SourceOutput Failed(params Finding[] findings) => new([], findings, new HashSet<string>());
}

/// <summary>Findings about one Application source, shared by the renderers of every source type.</summary>
internal static class SourceFindings
{
    /// <summary>An error at the source's definition in the Application, or at one of its fields.</summary>
    public static Func<string, string, string?, Finding> At(ApplicationDefinition app, SourceDefinition source) =>
        (rule, message, field) => app.Object.Finding(Stages.Render, Severity.Error, rule, $"Application {app.Name}: {message}",
            field is null ? source.At : source.At.Key(field)) with { Application = app.Name };

    /// <summary>A tool failure as one finding, at the file the tool's message names or else at the Application's path.</summary>
    public static SourceOutput Failure(RenderContext context, ApplicationDefinition app, SourceDefinition source, ToolFailure failure, string cluster, IReadOnlySet<string> reached, string folder)
    {
        var rule = failure.TimedOut ? RenderRules.Timeout : RenderRules.RenderFailed;
        var location = ToolMessageLocation.Find(failure.Message, context.Repository, folder, context.Texts) ?? app.Object.Locate(source.At.Key("path"));
        var message = failure.TimedOut
            ? $"rendering {folder} for Application {app.Name} timed out (one tool run may take {context.Options.ToolTimeout.TotalSeconds:0} s, all of them together {context.Options.Budget.TotalSeconds:0} s)"
            : $"rendering {folder} for Application {app.Name} failed: {failure.Message}";
        return new SourceOutput([], [new Finding(Stages.Render, Severity.Error, rule, message, location, cluster, app.Name)], reached);
    }
}
