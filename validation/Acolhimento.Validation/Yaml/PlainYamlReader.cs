namespace Acolhimento.Validation.Yaml;

/// <summary>
/// A fast path for the YAML that Kubernetes tools and people write: block mappings and sequences, plain and quoted
/// scalars, literal and folded block scalars, flow collections that close on their line, comments and <c>---</c>
/// separators. It builds the same nodes at the same positions as the full reader (<see cref="YamlReader.ReadFully"/>)
/// through the same <see cref="DocumentBuilder"/>, and gives up — returns null, so the full reader reads the
/// text — on anything else (anchors, aliases, tags, flow collections over several lines, block scalars with an
/// indentation indicator or leading empty lines, tabs, carriage returns, empty documents) and on any problem, so every
/// finding still comes from the full reader.
/// </summary>
internal ref partial struct PlainYamlReader
{
    private const int MaxSimpleKeyLength = 1000; // YamlDotNet refuses implicit keys over 1024 characters

    private readonly ReadOnlySpan<char> _text;
    private readonly DocumentBuilder _builder;
    private readonly StringPool? _pool;
    private int _pos;
    private int _line = 1;
    private int _lineStart;
    private ScalarText? _scratch; // for scalars that are not a slice of the text; one at a time

    private PlainYamlReader(ReadOnlySpan<char> text, DocumentBuilder builder, StringPool? pool)
    {
        _text = text;
        _builder = builder;
        _pool = pool;
    }

    /// <summary>The documents of <paramref name="text"/>, or null when the full reader must read it.</summary>
    public static YamlReadResult? TryRead(ReadOnlySpan<char> text, YamlLimits limits, StringPool? pool)
    {
        if (!HasOnlyPlainCharacters(text)) return null;
        var problems = new List<YamlProblem>();
        var reader = new PlainYamlReader(text, new DocumentBuilder(limits, problems), pool);
        var documents = new List<YamlDocument>();
        return reader.ReadDocuments(documents) && problems.Count == 0 ? new YamlReadResult(documents, problems) : null;
    }

    /// <summary>Printable characters and line feeds only: no tab, carriage return, BOM, NEL, line separators or surrogates.</summary>
    private static bool HasOnlyPlainCharacters(ReadOnlySpan<char> text)
    {
        var span = text;
        while (true)
        {
            var index = span.IndexOfAnyExceptInRange(' ', '~');
            if (index < 0) return true;
            var c = span[index];
            if (c != '\n' && (c < '\u00A0' || c is >= '\uD800' and < '\uE000' || c >= '\uFFFE' || c == '\uFEFF')) return false;
            span = span[(index + 1)..];
        }
    }

    private bool ReadDocuments(List<YamlDocument> documents)
    {
        var indent = NextContentLine();
        while (indent >= 0)
        {
            Mark start;
            if (AtDocumentMarker('-'))
            {
                start = new Mark(_line, 1);
                _pos += 3;
                if (!FinishLine()) return false;
                indent = NextContentLine();
                if (indent < 0 || AtDocumentMarker('-')) return false; // an empty document
            }
            else
            {
                start = new Mark(_line, indent + 1);
            }
            if (AtDocumentMarker('.')) return false;
            _builder.Begin(start);
            _pos = _lineStart + indent;
            if (!BlockNode(indent)) return false;
            documents.Add(new YamlDocument(documents.Count, start, _builder.Root));
            indent = NextContentLine();
            if (indent >= 0 && !AtDocumentMarker('-')) return false;
        }
        return true;
    }

    /// <summary>A mapping or sequence whose first line starts at <paramref name="indent"/> (the position).</summary>
    private bool BlockNode(int indent) => AtSequenceEntry() ? Sequence(indent) : Mapping(indent);

    private bool Mapping(int indent)
    {
        if (!_builder.Open(MarkAt(_pos), isMapping: true)) return false;
        while (true)
        {
            if (!Key(out var colon)) return false;
            _pos = colon + 1;
            if (!Value(indent, allowIndentlessSequence: true, emptyAt: MarkAt(colon + 1), allowCompactMapping: false)) return false;
            var next = NextContentLine();
            if (next < 0 || next < indent || (next == 0 && AtDocumentMarker('-'))) break;
            if (next > indent) return false;
            _pos = _lineStart + next;
            if (AtSequenceEntry()) break; // not this mapping's: the caller decides
        }
        return _builder.Close();
    }

    private bool Sequence(int indent)
    {
        if (!_builder.Open(MarkAt(_pos), isMapping: false)) return false;
        while (true)
        {
            var dash = _pos;
            _pos++;
            if (!Value(indent, allowIndentlessSequence: false, emptyAt: MarkAt(dash + 1), allowCompactMapping: true)) return false;
            var next = NextContentLine();
            if (next < 0 || next < indent || (next == 0 && AtDocumentMarker('-'))) break;
            if (next > indent) return false;
            _pos = _lineStart + next;
            if (!AtSequenceEntry()) break;
        }
        return _builder.Close();
    }

    /// <summary>
    /// The value after a key's colon or an entry's dash (the position): on the same line, on the lines below (indented
    /// deeper than <paramref name="ownerIndent"/>, or a sequence at the same indent after a key), or empty (null).
    /// Leaves the position at the start of the first line it did not read.
    /// </summary>
    private bool Value(int ownerIndent, bool allowIndentlessSequence, Mark emptyAt, bool allowCompactMapping)
    {
        var skipped = SkipSpaces();
        if (_pos < _text.Length && _text[_pos] != '\n' && !(_text[_pos] == '#' && skipped > 0))
        {
            return skipped > 0 && Inline(ownerIndent, allowCompactMapping);
        }
        if (!FinishLine()) return false;
        var next = NextContentLine();
        if (next >= 0 && !(next == 0 && AtDocumentMarker('-')))
        {
            _pos = _lineStart + next;
            if (next > ownerIndent) return BlockNode(next);
            if (next == ownerIndent && allowIndentlessSequence && AtSequenceEntry()) return Sequence(next);
        }
        return _builder.Scalar(emptyAt, "", ScalarStyle.Plain);
    }

    /// <summary>A value that starts on the current line at the position.</summary>
    private bool Inline(int ownerIndent, bool allowCompactMapping)
    {
        var start = _pos;
        var mark = MarkAt(start);
        switch (_text[start])
        {
            case '\'':
            case '"':
                var firstLine = _line;
                if (!Quoted(ownerIndent, out var quoted, out var end)) return false;
                if (IsKeyColon(end)) return allowCompactMapping && _line == firstLine && CompactMapping(start);
                _pos = end;
                return FinishLine() && _builder.Scalar(mark, quoted, _text[start] == '"' ? ScalarStyle.DoubleQuoted : ScalarStyle.SingleQuoted);
            case '|' or '>':
                return BlockScalar(ownerIndent, mark);
            case '{' or '[':
                return Flow() && FinishLine();
            default:
                if (!CanStartPlain(start)) return false;
                var stop = PlainEnd(start);
                if (stop < _text.Length && _text[stop] == ':') return allowCompactMapping && CompactMapping(start);
                return Plain(start, stop, ownerIndent, out var value) && FinishLine() && _builder.Scalar(mark, value, ScalarStyle.Plain);
        }
    }

    /// <summary>
    /// A flow collection at the position that closes on its line (<c>[a, "b"]</c>, <c>{cpu: 100m, memory: 1Gi}</c>, nested
    /// ones): entries are plain or quoted scalars or flow collections, a mapping's keys scalars followed by <c>": "</c>.
    /// Gives up on anything else: a line break inside, empty entries or values, a trailing comma, single-pair mappings
    /// inside a sequence, and plain scalars holding <c>#</c>, quotes, brackets or a colon before a space, a bracket or a comma. Leaves the position after the close.
    /// </summary>
    private bool Flow()
    {
        var isMapping = _text[_pos] == '{';
        var close = isMapping ? '}' : ']';
        if (!_builder.Open(MarkAt(_pos), isMapping)) return false;
        _pos++;
        SkipSpaces();
        if (_pos < _text.Length && _text[_pos] == close)
        {
            _pos++;
            return _builder.Close();
        }
        while (true)
        {
            if (isMapping)
            {
                var keyStart = _pos;
                if (_pos >= _text.Length || _text[_pos] is '[' or '{' || !FlowNode()) return false;
                SkipSpaces();
                if (!IsKeyColon(_pos) || _pos - keyStart > MaxSimpleKeyLength || _pos + 1 == _text.Length || _text[_pos + 1] != ' ') return false;
                _pos++;
                SkipSpaces();
            }
            if (_pos >= _text.Length || !FlowNode()) return false;
            SkipSpaces();
            if (_pos >= _text.Length) return false;
            if (_text[_pos] == close)
            {
                _pos++;
                return _builder.Close();
            }
            if (_text[_pos] != ',') return false;
            _pos++;
            SkipSpaces();
            if (_pos >= _text.Length || _text[_pos] == close) return false; // a trailing comma: left to the full reader
        }
    }

    /// <summary>One entry of a flow collection at the position: a nested flow collection, a one-line quoted scalar or a plain scalar.</summary>
    private bool FlowNode()
    {
        var start = _pos;
        switch (_text[start])
        {
            case '[' or '{':
                return Flow();
            case '\'' or '"':
                var line = _line;
                if (!Quoted(ownerIndent: int.MaxValue, out var quoted, out var end) || _line != line) return false;
                _pos = end;
                return _builder.Scalar(MarkAt(start), quoted, _text[start] == '"' ? ScalarStyle.DoubleQuoted : ScalarStyle.SingleQuoted);
            default:
                if (!CanStartPlain(start) || (_text[start] == '-' && _text[start + 1] is ',' or '[' or ']' or '{' or '}')) return false;
                var stop = start;
                while (true)
                {
                    if (stop >= _text.Length) return false;
                    var c = _text[stop];
                    if (c is ',' or ']' or '}') break;
                    if (c == ':')
                    {
                        if (stop + 1 >= _text.Length) return false;
                        if (_text[stop + 1] == ' ') break;
                        if (_text[stop + 1] is '\n' or ',' or '[' or ']' or '{' or '}') return false;
                        // A colon inside a word (an image tag, a URL) is part of the scalar.
                    }
                    else if (c is '\n' or '#' or '[' or '{' or '\'' or '"')
                    {
                        return false;
                    }
                    stop++;
                }
                _pos = stop;
                return _builder.Scalar(MarkAt(start), Text(start, TrimEnd(start, stop)), ScalarStyle.Plain);
        }
    }

    /// <summary>A mapping that starts after a sequence entry's dash, on the dash's line.</summary>
    private bool CompactMapping(int start)
    {
        _pos = start;
        return Mapping(start - _lineStart);
    }

    /// <summary>Reads the key at the position (a plain or quoted scalar followed by a colon) and gives the colon's offset.</summary>
    private bool Key(out int colon)
    {
        colon = -1;
        var start = _pos;
        string key;
        ScalarStyle style;
        if (_text[start] is '\'' or '"')
        {
            var firstLine = _line;
            if (!Quoted(ownerIndent: int.MaxValue, out key, out var end) || _line != firstLine || !IsKeyColon(end)) return false;
            colon = end;
            style = _text[start] == '"' ? ScalarStyle.DoubleQuoted : ScalarStyle.SingleQuoted;
        }
        else
        {
            if (!CanStartPlain(start)) return false;
            var stop = PlainEnd(start);
            if (stop >= _text.Length || _text[stop] != ':') return false;
            key = Text(start, TrimEnd(start, stop));
            colon = stop;
            style = ScalarStyle.Plain;
        }
        return colon - start <= MaxSimpleKeyLength && _builder.Scalar(MarkAt(start), key, style);
    }

    private bool IsKeyColon(int offset) =>
        offset < _text.Length && _text[offset] == ':' && (offset + 1 == _text.Length || _text[offset + 1] is ' ' or '\n');

    /// <summary>Plain scalars cannot start with an indicator; this path also leaves out <c>?</c>, <c>:</c> and <c>-</c> followed by a space.</summary>
    private bool CanStartPlain(int offset)
    {
        var c = _text[offset];
        if (c is '-')
        {
            return offset + 1 < _text.Length && _text[offset + 1] is not (' ' or '\n');
        }
        return c is not ('?' or ':' or ',' or '[' or ']' or '{' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`' or ' ');
    }

    /// <summary>Where a one-line plain scalar starting at <paramref name="start"/> stops: at <c>": "</c>, a final colon, <c>" #"</c> or the line end.</summary>
    private int PlainEnd(int start)
    {
        var i = start;
        while (true)
        {
            var found = _text[i..].IndexOfAny('\n', ':', '#');
            if (found < 0) return _text.Length;
            i += found;
            switch (_text[i])
            {
                case '\n':
                    return i;
                case ':' when i + 1 == _text.Length || _text[i + 1] is ' ' or '\n':
                    return i;
                case '#' when _text[i - 1] == ' ':
                    return i;
            }
            i++;
        }
    }

    private bool AtSequenceEntry() =>
        _text[_pos] == '-' && (_pos + 1 == _text.Length || _text[_pos + 1] is ' ' or '\n');

    /// <summary>At a line start: <c>---</c> (or <c>...</c>) followed by a space, a line end or the end of the text.</summary>
    private bool AtDocumentMarker(char c) =>
        _lineStart + 3 <= _text.Length && _text[_lineStart] == c && _text[_lineStart + 1] == c && _text[_lineStart + 2] == c
        && (_lineStart + 3 == _text.Length || _text[_lineStart + 3] is ' ' or '\n');

    /// <summary>Skips blank and comment lines from the current line on; the indentation of the next content line, or -1 at the end.</summary>
    private int NextContentLine()
    {
        if (_pos >= _text.Length) return -1;
        _pos = _lineStart;
        while (_pos < _text.Length)
        {
            var spaces = 0;
            while (_pos + spaces < _text.Length && _text[_pos + spaces] == ' ') spaces++;
            if (_pos + spaces == _text.Length) return -1;
            var c = _text[_pos + spaces];
            if (c != '\n' && c != '#') return spaces;
            var lineEnd = IndexOfLineBreak(_pos + spaces);
            if (lineEnd < 0) return -1;
            _pos = lineEnd + 1;
            _line++;
            _lineStart = _pos;
        }
        return -1;
    }

    /// <summary>After a node on this line: only spaces and a comment may follow; moves to the next line.</summary>
    private bool FinishLine()
    {
        var skipped = SkipSpaces();
        if (_pos >= _text.Length) return true;
        var c = _text[_pos];
        if (c == '#' && (skipped > 0 || _text[_pos - 1] == ' '))
        {
            var lineEnd = IndexOfLineBreak(_pos);
            _pos = lineEnd < 0 ? _text.Length : lineEnd;
            if (_pos == _text.Length) return true;
        }
        else if (c != '\n')
        {
            return false;
        }
        NextLine();
        return true;
    }

    /// <summary>From a line break (or anywhere on the line) to the start of the next line.</summary>
    private void NextLine()
    {
        var lineEnd = IndexOfLineBreak(_pos);
        _pos = lineEnd < 0 ? _text.Length : lineEnd + 1;
        _line++;
        _lineStart = _pos;
    }

    private int SkipSpaces()
    {
        var start = _pos;
        while (_pos < _text.Length && _text[_pos] == ' ') _pos++;
        return _pos - start;
    }

    private ScalarText Scratch() => (_scratch ??= new ScalarText()).Clear();

    private Mark MarkAt(int offset) => new(_line, offset - _lineStart + 1);

    private string Text(int start, int end) =>
        _pool is null ? new string(_text[start..end]) : _pool.Get(_text[start..end]);

    /// <summary>The offset of the first line break at or after <paramref name="from"/>, or -1.</summary>
    private int IndexOfLineBreak(int from)
    {
        var found = _text[from..].IndexOf('\n');
        return found < 0 ? -1 : from + found;
    }
}
