namespace Acolhimento.Validation.Render.Jsonnet;

/// <summary>An <c>import</c>, <c>importstr</c> or <c>importbin</c> of a Jsonnet file: the path as written and where.</summary>
internal sealed record JsonnetImport(string Keyword, string Path, int Line, int Column)
{
    /// <summary><c>import</c> evaluates the file as Jsonnet (its own imports count too); the others read it as data.</summary>
    public bool IsCode => Keyword == "import";
}

/// <summary>The imports of a Jsonnet text, or where it could not be read (a string or comment never closed, an import of no plain string).</summary>
internal sealed record JsonnetImportScan(IReadOnlyList<JsonnetImport> Imports, string? Problem, int ProblemLine);

/// <summary>
/// Finds every import of a Jsonnet text as Jsonnet's lexer tokenises it (<c>core/lexer.cpp</c>): comments (<c>#</c>,
/// <c>//</c>, <c>/* */</c>), strings (double and single quoted with escapes, verbatim <c>@"…"</c> and <c>@'…'</c>, text
/// blocks <c>|||</c>) and identifiers; an <c>import</c>, <c>importstr</c> or <c>importbin</c> keyword must be followed by
/// a string literal (Jsonnet refuses computed imports and text blocks there), whose value is the path. Imports are
/// static in Jsonnet, so these are all the files an evaluation can read.
/// </summary>
internal static class JsonnetImportScanner
{
    private static readonly string[] Keywords = ["import", "importstr", "importbin"];

    public static JsonnetImportScan Scan(string text)
    {
        var imports = new List<JsonnetImport>();
        var lexer = new Lexer(text);
        string? pending = null;
        var (pendingLine, pendingColumn) = (0, 0);
        while (lexer.Next() is { } token)
        {
            if (token.Kind == TokenKind.Problem) return new(imports, token.Text, token.Line);
            if (pending is not null)
            {
                if (token.Kind != TokenKind.String) return new(imports, $"{pending} is not followed by a plain string literal (Jsonnet refuses computed imports)", pendingLine);
                imports.Add(new JsonnetImport(pending, token.Text, pendingLine, pendingColumn));
                pending = null;
                continue;
            }
            if (token.Kind == TokenKind.Identifier && Keywords.Contains(token.Text, StringComparer.Ordinal)) (pending, pendingLine, pendingColumn) = (token.Text, token.Line, token.Column);
        }
        return pending is null ? new(imports, null, 0) : new(imports, $"{pending} at the end of the file", pendingLine);
    }

    private enum TokenKind { Identifier, String, TextBlock, Other, Problem }

    private sealed record Token(TokenKind Kind, string Text, int Line, int Column);

    /// <summary>Just enough of Jsonnet's lexer to know where strings, comments and identifiers are.</summary>
    private sealed class Lexer(string text)
    {
        private int _at;
        private int _line = 1;
        private int _lineStart;

        public Token? Next()
        {
            SkipSpaceAndComments(out var problem);
            if (problem is not null) return new Token(TokenKind.Problem, problem, _line, 1);
            if (_at >= text.Length) return null;
            var (line, column) = (_line, _at - _lineStart + 1);
            var c = text[_at];
            if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = _at;
                while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] == '_')) _at++;
                return new Token(TokenKind.Identifier, text[start.._at], line, column);
            }
            if (c is '"' or '\'') return Quoted(c, line, column);
            if (c == '@' && _at + 1 < text.Length && text[_at + 1] is '"' or '\'') return Verbatim(text[_at + 1], line, column);
            if (c == '|' && string.CompareOrdinal(text, _at, "|||", 0, 3) == 0) return TextBlock(line, column);
            _at++;
            return new Token(TokenKind.Other, c.ToString(), line, column);
        }

        private void Advance()
        {
            if (text[_at] == '\n')
            {
                _line++;
                _lineStart = _at + 1;
            }
            _at++;
        }

        private void SkipSpaceAndComments(out string? problem)
        {
            problem = null;
            while (_at < text.Length)
            {
                var c = text[_at];
                if (c is ' ' or '\t' or '\r' or '\n') Advance();
                else if (c == '#' || (c == '/' && _at + 1 < text.Length && text[_at + 1] == '/'))
                {
                    while (_at < text.Length && text[_at] != '\n') _at++;
                }
                else if (c == '/' && _at + 1 < text.Length && text[_at + 1] == '*')
                {
                    var end = text.IndexOf("*/", _at + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        problem = "a /* comment is never closed";
                        return;
                    }
                    while (_at < end + 2) Advance();
                }
                else return;
            }
        }

        private Token Quoted(char quote, int line, int column)
        {
            var value = new System.Text.StringBuilder();
            _at++;
            while (_at < text.Length)
            {
                var c = text[_at];
                if (c == quote)
                {
                    _at++;
                    return new Token(TokenKind.String, value.ToString(), line, column);
                }
                if (c == '\\')
                {
                    if (_at + 1 >= text.Length) break;
                    var escaped = text[_at + 1];
                    _at += 2;
                    switch (escaped)
                    {
                        case '"' or '\'' or '\\' or '/': value.Append(escaped); break;
                        case 'b': value.Append('\b'); break;
                        case 'f': value.Append('\f'); break;
                        case 'n': value.Append('\n'); break;
                        case 'r': value.Append('\r'); break;
                        case 't': value.Append('\t'); break;
                        case 'u' when _at + 4 <= text.Length && int.TryParse(text.AsSpan(_at, 4), System.Globalization.NumberStyles.HexNumber, null, out var code):
                            value.Append((char)code);
                            _at += 4;
                            break;
                        default: return new Token(TokenKind.Problem, $"unknown escape \\{escaped} in a string", _line, column);
                    }
                    continue;
                }
                value.Append(c);
                Advance();
            }
            return new Token(TokenKind.Problem, "a string is never closed", line, column);
        }

        private Token Verbatim(char quote, int line, int column)
        {
            var value = new System.Text.StringBuilder();
            _at += 2;
            while (_at < text.Length)
            {
                if (text[_at] == quote)
                {
                    if (_at + 1 < text.Length && text[_at + 1] == quote)
                    {
                        value.Append(quote);
                        _at += 2;
                        continue;
                    }
                    _at++;
                    return new Token(TokenKind.String, value.ToString(), line, column);
                }
                value.Append(text[_at]);
                Advance();
            }
            return new Token(TokenKind.Problem, "a verbatim string is never closed", line, column);
        }

        /// <summary>
        /// <c>|||</c> (or <c>|||-</c>), the rest of its line blank, then lines indented at least as the first non-blank
        /// one (blank lines allowed), closed by a less indented line holding <c>|||</c>.
        /// </summary>
        private Token TextBlock(int line, int column)
        {
            _at += 3;
            if (_at < text.Length && text[_at] == '-') _at++;
            while (_at < text.Length && text[_at] is ' ' or '\t' or '\r') _at++;
            if (_at >= text.Length || text[_at] != '\n') return new Token(TokenKind.Problem, "text block: the line of ||| must end after it", line, column);
            Advance();
            while (_at < text.Length && text[_at] == '\n') Advance();
            var indent = 0;
            while (_at + indent < text.Length && text[_at + indent] is ' ' or '\t') indent++;
            if (indent == 0) return new Token(TokenKind.Problem, "text block: its first line is not indented", line, column);
            var prefix = text.Substring(_at, indent);
            while (_at < text.Length)
            {
                if (text[_at] == '\n')
                {
                    Advance();
                    continue;
                }
                if (string.CompareOrdinal(text, _at, prefix, 0, prefix.Length) == 0)
                {
                    while (_at < text.Length && text[_at] != '\n') _at++;
                    continue;
                }
                while (_at < text.Length && text[_at] is ' ' or '\t') _at++;
                if (string.CompareOrdinal(text, _at, "|||", 0, 3) != 0) return new Token(TokenKind.Problem, "text block is not closed by |||", _line, column);
                _at += 3;
                return new Token(TokenKind.TextBlock, "", line, column);
            }
            return new Token(TokenKind.Problem, "a text block is never closed", line, column);
        }
    }
}
