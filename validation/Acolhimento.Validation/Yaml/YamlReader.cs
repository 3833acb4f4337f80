using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using CoreScalarStyle = YamlDotNet.Core.ScalarStyle;

namespace Acolhimento.Validation.Yaml;

public sealed record YamlDocument(int Index, Mark Start, YamlNode? Root);

/// <summary>A problem found while reading YAML; <see cref="Rule"/> is a stable <c>parse/*</c> id.</summary>
internal sealed record YamlProblem(string Rule, string Message, Mark At);

internal sealed record YamlReadResult(IReadOnlyList<YamlDocument> Documents, IReadOnlyList<YamlProblem> Problems);

/// <summary>Bounds that keep hostile input from exhausting time or memory.</summary>
public sealed record YamlLimits(long MaxExpandedNodes = 100_000, int MaxDepth = 100)
{
    public static readonly YamlLimits Default = new();
}

/// <summary>
/// Reads multi-document YAML into position-carrying nodes, from YamlDotNet's event stream so that duplicate keys,
/// alias expansion and nesting are checked while reading rather than after an unbounded expansion.
/// </summary>
internal static class YamlReader
{
    public const string SyntaxError = "parse/syntax-error";
    public const string DuplicateKey = "parse/duplicate-key";
    public const string TabIndentation = "parse/tab-indentation";
    public const string AliasExpansion = "parse/alias-expansion-limit";
    public const string NestingTooDeep = "parse/nesting-too-deep";
    public const string NonScalarKey = "parse/non-scalar-key";
    public const string UnknownAlias = "parse/unknown-alias";
    public const string Unconvertible = "parse/unconvertible-value";

    public static YamlReadResult Read(string text, YamlLimits? limits = null) => Read(text, limits, pool: null);

    /// <summary>
    /// Reads with <paramref name="pool"/> sharing the strings of repeated keys and values (one pool per thread).
    /// Plain Kubernetes YAML takes a fast path (<see cref="PlainYamlReader"/>); anything it does not recognise, and any
    /// problem, is read again by the full reader, so results and findings are the same either way.
    /// </summary>
    public static YamlReadResult Read(string text, YamlLimits? limits, StringPool? pool)
    {
        limits ??= YamlLimits.Default;
        return PlainYamlReader.TryRead(text, limits, pool) ?? ReadFully(text, limits);
    }

    /// <summary>
    /// Reads text held in a buffer the caller reuses (no node keeps a reference to it); a string of it is made only when
    /// the full reader must read it.
    /// </summary>
    public static YamlReadResult Read(ReadOnlySpan<char> text, YamlLimits? limits, StringPool? pool)
    {
        limits ??= YamlLimits.Default;
        return PlainYamlReader.TryRead(text, limits, pool) ?? ReadFully(new string(text), limits);
    }

    /// <summary>The full reader over YamlDotNet's event parser (every YAML construct; the reference for the fast path).</summary>
    internal static YamlReadResult ReadFully(string text, YamlLimits limits)
    {
        var documents = new List<YamlDocument>();
        var problems = new List<YamlProblem>();
        var parser = new Parser(new StringReader(text));
        var builder = new DocumentBuilder(limits, problems);
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case DocumentStart start:
                        builder.Begin(ToMark(start.Start));
                        break;
                    case DocumentEnd:
                        documents.Add(new YamlDocument(documents.Count, builder.DocumentStart, builder.Root));
                        break;
                    case { } e when !Accept(builder, e):
                        return new YamlReadResult(documents, problems); // a limit was hit: stop before doing more work
                }
            }
        }
        catch (YamlException ex)
        {
            problems.Add(DescribeSyntaxError(text, ex));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet reports most bad input as YamlException; anything else it throws on hostile input is still a finding, not a crash.
            problems.Add(new YamlProblem(SyntaxError, $"unreadable YAML: {ex.Message.ReplaceLineEndings(" ")}", new Mark(1, 1)));
        }
        return new YamlReadResult(documents, problems);
    }

    /// <summary>Feeds one YamlDotNet event to the builder; false when reading must stop.</summary>
    private static bool Accept(DocumentBuilder builder, ParsingEvent e) => e switch
    {
        Scalar s => builder.Scalar(ToMark(s.Start), s.Value, MapStyle(s.Style), s.Tag.IsEmpty ? null : s.Tag.Value, AnchorOf(s.Anchor)),
        AnchorAlias alias => builder.Alias(ToMark(alias.Start), alias.Value.Value),
        SequenceStart seq => builder.Open(ToMark(seq.Start), isMapping: false, AnchorOf(seq.Anchor)),
        MappingStart map => builder.Open(ToMark(map.Start), isMapping: true, AnchorOf(map.Anchor)),
        SequenceEnd or MappingEnd => builder.Close(),
        _ => true,
    };

    private static string? AnchorOf(AnchorName anchor) => anchor.IsEmpty ? null : anchor.Value;

    private static ScalarStyle MapStyle(CoreScalarStyle style) => style switch
    {
        CoreScalarStyle.SingleQuoted => ScalarStyle.SingleQuoted,
        CoreScalarStyle.DoubleQuoted => ScalarStyle.DoubleQuoted,
        CoreScalarStyle.Literal => ScalarStyle.Literal,
        CoreScalarStyle.Folded => ScalarStyle.Folded,
        _ => ScalarStyle.Plain,
    };

    internal static Mark ToMark(YamlDotNet.Core.Mark mark) => new((int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    private static YamlProblem DescribeSyntaxError(string text, YamlException ex)
    {
        var at = ToMark(ex.Start);
        var tabLine = FindTabIndentedLine(text, at.Line + 1); // the parser may stop on the line before the tab
        if (tabLine is { } line)
        {
            return new YamlProblem(TabIndentation, "tab character used for indentation (YAML allows only spaces)", new Mark(line, 1));
        }
        var message = ex.InnerException?.Message ?? ex.Message;
        // YamlDotNet prefixes messages with its own "(Line: .., Col: ..)" position; ours is already in the finding.
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && close > 0) message = message[(close + 3)..];
        return new YamlProblem(SyntaxError, message.ReplaceLineEndings(" ").Trim(), at);
    }

    /// <summary>The nearest line at or before the error whose indentation contains a tab.</summary>
    private static int? FindTabIndentedLine(string text, int errorLine)
    {
        int? found = null;
        var lineNumber = 1;
        var atLineStart = true;
        for (var i = 0; i < text.Length && lineNumber <= errorLine; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                lineNumber++;
                atLineStart = true;
                continue;
            }
            if (!atLineStart) continue;
            if (c == '\t')
            {
                found = lineNumber;
                atLineStart = false;
            }
            else if (c != ' ')
            {
                atLineStart = false;
            }
        }
        return found;
    }
}
