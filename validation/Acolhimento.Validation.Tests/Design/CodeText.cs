using System.Text.RegularExpressions;

namespace Acolhimento.Validation.Tests.Design;

/// <summary>C# source without comments and string literals, which name types and namespaces without depending on them.</summary>
internal static partial class CodeText
{
    public static string Of(string text) => Literal().Replace(LineComment().Replace(BlockComment().Replace(text, ""), ""), "\"\"");

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"//.*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"@?\$?""(?:[^""\\]|\\.)*""")]
    private static partial Regex Literal();
}
