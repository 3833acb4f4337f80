using System.Text.RegularExpressions;

namespace Acolhimento.Validation.Schema;

/// <summary>Compiles schema patterns (Go RE2 syntax) to .NET regular expressions that cannot backtrack catastrophically.</summary>
internal static class SchemaPatterns
{
    private static readonly (string Posix, string Range)[] PosixClasses =
    [
        ("[:alnum:]", "a-zA-Z0-9"), ("[:alpha:]", "a-zA-Z"), ("[:digit:]", "0-9"), ("[:lower:]", "a-z"), ("[:upper:]", "A-Z"),
        ("[:space:]", "\\s"), ("[:xdigit:]", "0-9A-Fa-f"), ("[:word:]", "\\w"), ("[:punct:]", "!-/:-@\\[-`{-~"),
    ];

    /// <summary>The pattern controller-gen writes for <c>resource.Quantity</c> fields of CRDs.</summary>
    public static bool IsQuantityPattern(string pattern) =>
        pattern.StartsWith(@"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)", StringComparison.Ordinal);

    /// <summary>A matcher equivalent to the RE2 pattern, or null when .NET cannot express it (the pattern is then not checked).</summary>
    public static SchemaPattern? Compile(string pattern)
    {
        var translated = pattern.Replace("(?P<", "(?<", StringComparison.Ordinal);
        foreach (var (posix, range) in PosixClasses) translated = translated.Replace(posix, range, StringComparison.Ordinal);
        try
        {
            return new SchemaPattern(translated);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}

/// <summary>
/// One schema pattern. Building .NET's non-backtracking engine for a pattern costs milliseconds (a run meets dozens of
/// patterns), building the backtracking interpreter microseconds — but backtracking can take exponential time on
/// hostile input. So a value is first matched by the interpreter under a short limit; a value that reaches the limit
/// is matched again by the non-backtracking engine (linear time), which then serves the pattern from there on. Both
/// engines accept the same strings, so the answer never depends on which one gave it. A pattern the non-backtracking
/// engine cannot express (lookarounds, back-references: not RE2 anyway) keeps the interpreter with a longer limit, and
/// a value that reaches it is reported as not checked.
/// </summary>
public sealed class SchemaPattern
{
    private static readonly TimeSpan QuickLimit = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan PatientLimit = TimeSpan.FromMilliseconds(200);

    private readonly Regex _quick;
    private readonly Lazy<Regex> _fallback;
    // Set once a value has shown the interpreter can blow up on this pattern; only which engine answers changes.
    private volatile bool _linearOnly;

    internal SchemaPattern(string pattern)
    {
        _quick = new Regex(pattern, RegexOptions.CultureInvariant, QuickLimit); // throws ArgumentException for syntax .NET cannot parse
        _fallback = new Lazy<Regex>(() =>
        {
            try
            {
                return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            }
            catch (NotSupportedException)
            {
                return new Regex(pattern, RegexOptions.CultureInvariant, PatientLimit);
            }
        });
    }

    /// <summary>True once a value has sent this pattern to the non-backtracking engine for good.</summary>
    internal bool UsesLinearEngineOnly => _linearOnly;

    /// <summary>Whether the whole value matches as the pattern says; null when it could not be decided in time (evidence of nothing).</summary>
    public bool? IsMatch(string value)
    {
        if (!_linearOnly)
        {
            try
            {
                return _quick.IsMatch(value);
            }
            catch (RegexMatchTimeoutException)
            {
                _linearOnly = true;
            }
        }
        try
        {
            return _fallback.Value.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }
}
