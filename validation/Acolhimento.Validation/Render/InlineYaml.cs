using System.Text;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>
/// YAML written inside a string of a file (an inline patch, inline transformer configurations, JSON 6902 operations):
/// a tool parses it as it parses a file, so it is held to the parse stage's limits (size, alias expansion, depth) before
/// any tool sees it.
/// </summary>
internal static class InlineYaml
{
    /// <param name="Problem">The first problem, with the node (of the text) it is at; null when the text may be handed on.</param>
    /// <param name="Documents">The mappings the text holds (empty when refused).</param>
    public sealed record Result(Located? Problem, IReadOnlyList<YamlMapping> Documents);

    /// <summary>A problem and a node of the text standing at its position, so a caller can place it in the file.</summary>
    public sealed record Located(YamlNode At, string Message);

    public static Result Read(string text, string what, ParseOptions? options = null)
    {
        options ??= ParseOptions.Default;
        var bytes = Encoding.UTF8.GetByteCount(text);
        var start = new Mark(1, 1);
        if (bytes > options.MaxFileBytes)
            return new Result(new Located(YamlNodes.Scalar("", start), Refusal(what, $"{bytes} bytes, over the {options.MaxFileBytes}-byte limit")), []);
        var read = YamlReader.Read(text, options.YamlLimits);
        if (read.Problems.FirstOrDefault() is { } problem)
            return new Result(new Located(YamlNodes.Scalar("", problem.At), Refusal(what, $"{problem.Rule}: {problem.Message}")), []);
        return new Result(null, read.Documents.Select(d => d.Root).OfType<YamlMapping>().ToList());
    }

    /// <summary>
    /// The file's line and column of a position inside the string held by <paramref name="holder"/> (itself at
    /// <paramref name="holderLine"/>:<paramref name="holderColumn"/>): a literal block scalar keeps its lines, starting on the
    /// line after its indicator; any other string is folded, so the position is the string's start.
    /// </summary>
    public static (int Line, int Column) Locate(YamlScalar holder, int holderLine, int holderColumn, int line, int column) =>
        holder.Style == ScalarStyle.Literal ? (holderLine + line, column) : (holderLine, holderColumn);

    private static string Refusal(string what, string why) =>
        $"{what} cannot be read under the parse stage's limits ({why}); not handed to kubectl";
}
