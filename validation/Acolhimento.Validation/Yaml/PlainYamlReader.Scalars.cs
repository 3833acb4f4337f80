namespace Acolhimento.Validation.Yaml;

/// <summary>The fast path's scalars: plain ones over several lines, single- and double-quoted ones with their folding and escapes, and block scalars.</summary>
internal ref partial struct PlainYamlReader
{
    /// <summary>
    /// A plain scalar from <paramref name="start"/> whose first line stops at <paramref name="stop"/>, continued on the
    /// lines below that are indented deeper than <paramref name="ownerIndent"/> (folded: a line break becomes a space,
    /// each empty line a line break). Leaves the position where the last line stops.
    /// </summary>
    private bool Plain(int start, int stop, int ownerIndent, out string value)
    {
        value = Text(start, TrimEnd(start, stop));
        _pos = stop;
        ScalarText? folded = null;
        while (true)
        {
            var continues = Continuation(ownerIndent, out var breaks, out var lineStart, out var first);
            if (continues is null) return false;
            if (continues == false) break;
            var end = PlainEnd(first);
            if (end < _text.Length && _text[end] == ':') return false; // a key inside a multi-line scalar is an error: the full reader reports it
            folded ??= Scratch().Append(value);
            if (breaks == 0) folded.Append(' ');
            else folded.Append('\n', breaks);
            folded.Append(_text[first..TrimEnd(first, end)]);
            _line += breaks + 1;
            _lineStart = lineStart;
            _pos = end;
        }
        if (folded is not null) value = folded.ToString();
        return true;
    }

    /// <summary>
    /// Whether the plain scalar stopping at the position (a line break) continues below: true with the empty lines
    /// between, the continuation line's start and its first character; false when it ends; null when the full reader
    /// must decide. Does not move.
    /// </summary>
    private bool? Continuation(int ownerIndent, out int breaks, out int lineStart, out int first)
    {
        breaks = 0;
        lineStart = _pos + 1;
        first = -1;
        if (_pos >= _text.Length || _text[_pos] != '\n') return false;
        var indent = SkipEmptyLines(ref lineStart, out breaks);
        if (indent < 0) return false;
        first = lineStart + indent;
        if (indent <= ownerIndent || _text[first] == '#') return false; // not a continuation: the scalar ends here
        if (_text[first] == '-' && (first + 1 == _text.Length || _text[first + 1] is ' ' or '\n')) return null; // looks like an entry
        return true;
    }

    private int TrimEnd(int start, int stop)
    {
        while (stop > start && _text[stop - 1] == ' ') stop--;
        return stop;
    }

    /// <summary>
    /// A quoted scalar at the position; <paramref name="end"/> is the offset after the closing quote. Lines after the first
    /// must be indented deeper than <paramref name="ownerIndent"/>; they fold as in a plain scalar, and a double-quoted
    /// line ending in a backslash joins the next line without a space.
    /// </summary>
    private bool Quoted(int ownerIndent, out string value, out int end)
    {
        var quote = _text[_pos];
        value = "";
        end = -1;
        var i = _pos + 1;
        ScalarText? escaped = null;
        var runStart = i;
        while (true)
        {
            if (i >= _text.Length) return false; // unclosed: the full reader reports it
            var c = _text[i];
            if (c == '\n')
            {
                escaped ??= Scratch();
                escaped.Append(_text[runStart..TrimEnd(runStart, i)]);
                if (!Fold(i, ownerIndent, escaped, joinWithoutSpace: false, out i)) return false;
                runStart = i;
                continue;
            }
            if (c == quote)
            {
                if (quote == '\'' && i + 1 < _text.Length && _text[i + 1] == '\'')
                {
                    (escaped ??= Scratch()).Append(_text[runStart..(i + 1)]);
                    i += 2;
                    runStart = i;
                    continue;
                }
                break;
            }
            if (c == '\\' && quote == '"')
            {
                escaped ??= Scratch();
                escaped.Append(_text[runStart..i]);
                if (i + 1 < _text.Length && _text[i + 1] == '\n')
                {
                    if (!Fold(i + 1, ownerIndent, escaped, joinWithoutSpace: true, out i)) return false;
                }
                else
                {
                    if (!Escape(i, escaped, out var length)) return false;
                    i += length;
                }
                runStart = i;
                continue;
            }
            i++;
        }
        if (escaped is null)
        {
            value = Text(_pos + 1, i);
        }
        else
        {
            escaped.Append(_text[runStart..i]);
            value = escaped.ToString();
        }
        end = i + 1;
        return true;
    }

    /// <summary>
    /// Inside a quoted scalar, from the line break at <paramref name="lineBreak"/> to the next line's first character
    /// (<paramref name="next"/>): one break folds to a space (none after an escaped break), each empty line is a line break.
    /// </summary>
    private bool Fold(int lineBreak, int ownerIndent, ScalarText into, bool joinWithoutSpace, out int next)
    {
        next = -1;
        var lineStart = lineBreak + 1;
        var indent = SkipEmptyLines(ref lineStart, out var breaks);
        if (indent < 0) return false;
        if (indent <= ownerIndent || indent == 0) return false; // under-indented or at a document marker's column: left to the full reader
        if (joinWithoutSpace && breaks > 0) return false;
        if (!joinWithoutSpace)
        {
            if (breaks == 0) into.Append(' ');
            else into.Append('\n', breaks);
        }
        _line += breaks + 1;
        _lineStart = lineStart;
        next = lineStart + indent;
        return true;
    }

    /// <summary>One double-quoted escape at <paramref name="at"/> (the backslash); false for the rare ones left to the full reader.</summary>
    private bool Escape(int at, ScalarText into, out int length)
    {
        length = 2;
        if (at + 1 >= _text.Length) return false;
        char? simple = _text[at + 1] switch
        {
            '0' => '\0',
            'a' => '\a',
            'b' => '\b',
            't' => '\t',
            'n' => '\n',
            'v' => '\v',
            'f' => '\f',
            'r' => '\r',
            'e' => '\u001B',
            ' ' => ' ',
            '"' => '"',
            '/' => '/',
            '\\' => '\\',
            _ => null,
        };
        if (simple is { } c)
        {
            into.Append(c);
            return true;
        }
        var digits = _text[at + 1] switch { 'x' => 2, 'u' => 4, _ => 0 };
        if (digits == 0 || at + 2 + digits > _text.Length) return false;
        if (!int.TryParse(_text.Slice(at + 2, digits), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var code)) return false;
        if (code is >= 0xD800 and < 0xE000) return false;
        into.Append((char)code);
        length = 2 + digits;
        return true;
    }

    /// <summary>
    /// A literal (<c>|</c>) or folded (<c>&gt;</c>) block scalar, with <c>-</c> or <c>+</c> chomping, whose indentation its
    /// first line sets. Folding joins two lines with a space, or with the empty lines between them as line breaks, unless
    /// either line is more indented (then its line breaks are kept as in a literal scalar).
    /// </summary>
    private bool BlockScalar(int ownerIndent, Mark mark)
    {
        var folded = _text[_pos] == '>';
        _pos++;
        var chomping = _pos < _text.Length ? _text[_pos] : '\n';
        if (chomping is '-' or '+') _pos++;
        SkipSpaces();
        if (_pos >= _text.Length || _text[_pos] != '\n') return false; // an indentation indicator or a comment: left to the full reader
        NextLine();
        var indent = -1;
        var content = Scratch();
        var pendingBreaks = 0;
        var previousMoreIndented = false;
        while (_pos < _text.Length)
        {
            var lineEnd = IndexOfLineBreak(_lineStart);
            if (lineEnd < 0) return false; // the last line has no line break: left to the full reader
            var length = lineEnd - _lineStart;
            if (length == 0)
            {
                if (indent < 0) return false; // leading empty lines: left to the full reader
                pendingBreaks++;
                NextLine();
                continue;
            }
            var spaces = 0;
            while (spaces < length && _text[_lineStart + spaces] == ' ') spaces++;
            if (spaces == length) return false; // a line of spaces: its meaning depends on the indentation; left to the full reader
            if (indent < 0)
            {
                if (spaces <= ownerIndent) return false; // an empty scalar
                indent = spaces;
            }
            else
            {
                if (spaces < indent) break;
                var moreIndented = spaces > indent;
                if (folded && !previousMoreIndented && !moreIndented)
                {
                    content.Append(pendingBreaks == 0 ? ' ' : '\n', Math.Max(pendingBreaks, 1));
                }
                else
                {
                    content.Append('\n', pendingBreaks + 1);
                }
            }
            pendingBreaks = 0;
            previousMoreIndented = spaces > indent;
            content.Append(_text.Slice(_lineStart + indent, length - indent));
            NextLine();
        }
        if (indent < 0) return false;
        if (chomping != '-') content.Append('\n');
        if (chomping == '+') content.Append('\n', pendingBreaks);
        return _builder.Scalar(mark, content.ToString(), folded ? ScalarStyle.Folded : ScalarStyle.Literal);
    }

    /// <summary>
    /// Moves <paramref name="lineStart"/> past the empty lines (nothing or only spaces) starting there, counting them in
    /// <paramref name="breaks"/>; the indentation of the line it stops at, or -1 when the text ends first.
    /// </summary>
    private int SkipEmptyLines(ref int lineStart, out int breaks)
    {
        breaks = 0;
        while (true)
        {
            var indent = 0;
            while (lineStart + indent < _text.Length && _text[lineStart + indent] == ' ') indent++;
            if (lineStart + indent == _text.Length) return -1;
            if (_text[lineStart + indent] != '\n') return indent;
            breaks++;
            lineStart += indent + 1;
        }
    }
}
