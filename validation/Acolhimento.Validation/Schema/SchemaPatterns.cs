using System.Text.RegularExpressions;

namespace Acolhimento.Validation.Schema;

/// <summary>Compiles schema patterns (Go RE2 syntax) to .NET regular expressions that cannot backtrack catastrophically.</summary>
public static class SchemaPatterns
{
    private static readonly (string Posix, string Range)[] PosixClasses =
    [
        ("[:alnum:]", "a-zA-Z0-9"), ("[:alpha:]", "a-zA-Z"), ("[:digit:]", "0-9"), ("[:lower:]", "a-z"), ("[:upper:]", "A-Z"),
        ("[:space:]", "\\s"), ("[:xdigit:]", "0-9A-Fa-f"), ("[:word:]", "\\w"), ("[:punct:]", "!-/:-@\\[-`{-~"),
    ];

    /// <summary>The pattern controller-gen writes for <c>resource.Quantity</c> fields of CRDs.</summary>
    public static bool IsQuantityPattern(string pattern) =>
        pattern.StartsWith(@"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)", StringComparison.Ordinal);

    /// <summary>A regex equivalent to the RE2 pattern, or null when .NET cannot express it (the pattern is then not checked).</summary>
    public static Regex? Compile(string pattern)
    {
        var translated = pattern.Replace("(?P<", "(?<", StringComparison.Ordinal);
        foreach (var (posix, range) in PosixClasses) translated = translated.Replace(posix, range, StringComparison.Ordinal);
        try
        {
            return new Regex(translated, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return TryBacktracking(translated);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static Regex? TryBacktracking(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
