using System.Globalization;
using System.Text;

namespace Acolhimento.Validation.Render.Generators;

/// <summary>Why a template could not be rendered, in words for a finding.</summary>
internal sealed class TemplateException(string message) : Exception(message);

/// <summary>
/// Go's text/template as Argo CD's ApplicationSet controller runs it in <c>goTemplate: true</c> mode, for the parts
/// ApplicationSet templates use: actions with pipelines, field chains (<c>.a.b</c>, <c>$.a</c>), string/number/bool
/// literals, parentheses, <c>if</c>/<c>else if</c>/<c>else</c>, <c>with</c>, <c>range</c>, comments and trim markers,
/// and the functions in <see cref="TemplateFunctions"/>. Data are parameter values: string, long, double, bool, null,
/// lists and string-keyed maps. With <c>missingkey=error</c> a missing map key is an error, as in Argo CD; without it Go
/// prints <c>&lt;no value&gt;</c>, which the caller reports too. Anything else is a <see cref="TemplateException"/>.
/// </summary>
internal static class GoTemplate
{
    public const string NoValue = "<no value>";

    private const int MaxOutput = 1 << 20;

    public static string Render(string text, object? data, bool missingKeyIsError)
    {
        var nodes = new Parser(text).ParseAll();
        var output = new StringBuilder();
        new Evaluator(missingKeyIsError, output).Run(nodes, data, new Dictionary<string, object?> { ["$"] = data });
        return output.ToString();
    }

    // ---- syntax ----

    private abstract record Node;

    private sealed record TextNode(string Text) : Node;

    private sealed record ActionNode(Pipeline Pipeline) : Node;

    private sealed record BranchNode(string Keyword, Pipeline Pipeline, IReadOnlyList<Node> Then, IReadOnlyList<Node> Else) : Node;

    private sealed record Pipeline(IReadOnlyList<Command> Commands, string? Declares);

    private sealed record Command(IReadOnlyList<Operand> Operands);

    private abstract record Operand;

    private sealed record Literal(object? Value) : Operand;

    private sealed record Field(string? Variable, IReadOnlyList<string> Keys) : Operand;

    private sealed record Function(string Name) : Operand;

    private sealed record Nested(Pipeline Pipeline, IReadOnlyList<string> Keys) : Operand;

    private sealed class Parser(string text)
    {
        private readonly List<(string? Text, string? Action)> _pieces = Split(text);
        private int _next;

        public IReadOnlyList<Node> ParseAll()
        {
            var nodes = ParseUntil(out var stop);
            if (stop is not null) throw new TemplateException($"unexpected {{{{{stop}}}}}");
            return nodes;
        }

        private List<Node> ParseUntil(out string? stoppedBy)
        {
            var nodes = new List<Node>();
            while (_next < _pieces.Count)
            {
                var (textPiece, action) = _pieces[_next++];
                if (textPiece is not null)
                {
                    nodes.Add(new TextNode(textPiece));
                    continue;
                }
                var body = action!.Trim();
                if (body.StartsWith("/*", StringComparison.Ordinal)) continue;
                var keyword = body.Split(' ', 2)[0];
                if (keyword is "end" or "else")
                {
                    stoppedBy = body;
                    return nodes;
                }
                if (keyword is "if" or "with" or "range")
                {
                    nodes.Add(ParseBranch(keyword, body[keyword.Length..]));
                    continue;
                }
                if (keyword is "define" or "template" or "block" or "break" or "continue")
                    throw new TemplateException($"{{{{{keyword}}}}} is not supported in ApplicationSet templates by this gate");
                nodes.Add(new ActionNode(new PipelineParser(body).Parse()));
            }
            stoppedBy = null;
            return nodes;
        }

        private BranchNode ParseBranch(string keyword, string condition)
        {
            var pipeline = new PipelineParser(condition).Parse();
            var then = ParseUntil(out var stop);
            IReadOnlyList<Node> otherwise = [];
            if (stop is null) throw new TemplateException($"{{{{{keyword}}}}} has no {{{{end}}}}");
            if (stop.StartsWith("else", StringComparison.Ordinal))
            {
                var rest = stop[4..].Trim();
                if (rest.StartsWith("if ", StringComparison.Ordinal)) otherwise = [ParseBranch("if", rest[3..])]; // else if: its end closes both
                else
                {
                    otherwise = ParseUntil(out var end);
                    if (end != "end") throw new TemplateException($"{{{{{keyword}}}}} has no {{{{end}}}}");
                }
            }
            return new BranchNode(keyword, pipeline, then, otherwise);
        }

        private static List<(string?, string?)> Split(string text)
        {
            var pieces = new List<(string?, string?)>();
            var i = 0;
            var trimNext = false;
            while (i < text.Length)
            {
                var open = text.IndexOf("{{", i, StringComparison.Ordinal);
                var literal = open < 0 ? text[i..] : text[i..open];
                if (trimNext) literal = literal.TrimStart();
                var trimBefore = open >= 0 && open + 2 < text.Length && text[open + 2] == '-' && open + 3 < text.Length && char.IsWhiteSpace(text[open + 3]);
                if (trimBefore) literal = literal.TrimEnd();
                if (literal.Length > 0) pieces.Add((literal, null));
                if (open < 0) break;
                var start = open + (trimBefore ? 3 : 2);
                var close = FindClose(text, start);
                if (close < 0) throw new TemplateException("unclosed action (no }})");
                var trimAfter = close > start && text[close - 1] == '-' && char.IsWhiteSpace(text[close - 2]);
                pieces.Add((null, text[start..(trimAfter ? close - 1 : close)]));
                trimNext = trimAfter;
                i = close + 2;
            }
            return pieces;
        }

        /// <summary>The <c>}}</c> closing an action, skipping quoted strings.</summary>
        private static int FindClose(string text, int from)
        {
            for (var i = from; i < text.Length - 1; i++)
            {
                var c = text[i];
                if (c is '"' or '`' or '\'')
                {
                    for (i++; i < text.Length && text[i] != c; i++) if (c != '`' && text[i] == '\\') i++;
                }
                else if (c == '}' && text[i + 1] == '}') return i;
            }
            return -1;
        }
    }

    private sealed class PipelineParser(string text)
    {
        private int _at;

        public Pipeline Parse()
        {
            var pipeline = ParsePipeline();
            Skip();
            if (_at < text.Length) throw new TemplateException($"unexpected \"{text[_at..].Trim()}\" in {{{{{text.Trim()}}}}}");
            return pipeline;
        }

        private Pipeline ParsePipeline()
        {
            string? declares = null;
            Skip();
            if (Peek() == '$')
            {
                var save = _at;
                var name = ReadWhile(c => c == '$' || char.IsLetterOrDigit(c) || c == '_');
                Skip();
                if (text.AsSpan(_at).StartsWith(":=") || (Peek() == '=' && Peek(1) != '='))
                {
                    declares = name;
                    _at += text[_at] == ':' ? 2 : 1;
                }
                else _at = save;
            }
            var commands = new List<Command> { ParseCommand() };
            while (true)
            {
                Skip();
                if (Peek() != '|') break;
                _at++;
                commands.Add(ParseCommand());
            }
            return new Pipeline(commands, declares);
        }

        private Command ParseCommand()
        {
            var operands = new List<Operand>();
            while (true)
            {
                Skip();
                var c = Peek();
                if (c is '\0' or '|' or ')') break;
                operands.Add(ParseOperand());
            }
            if (operands.Count == 0) throw new TemplateException($"empty command in {{{{{text.Trim()}}}}}");
            return new Command(operands);
        }

        private Operand ParseOperand()
        {
            var c = Peek();
            if (c == '(')
            {
                _at++;
                var inner = ParsePipeline();
                Skip();
                if (Peek() != ')') throw new TemplateException($"unclosed ( in {{{{{text.Trim()}}}}}");
                _at++;
                return new Nested(inner, ReadKeys());
            }
            if (c == '"') return new Literal(ReadQuoted());
            if (c == '`')
            {
                var end = text.IndexOf('`', _at + 1);
                if (end < 0) throw new TemplateException("unterminated raw string");
                var value = text[(_at + 1)..end];
                _at = end + 1;
                return new Literal(value);
            }
            if (c == '.') return new Field(null, ReadKeys());
            if (c == '$')
            {
                var name = ReadWhile(ch => ch == '$' || char.IsLetterOrDigit(ch) || ch == '_');
                return new Field(name, ReadKeys());
            }
            if (char.IsDigit(c) || (c == '-' && char.IsDigit(Peek(1))))
            {
                var number = ReadWhile(ch => char.IsDigit(ch) || ch is '.' or '-' or 'e' or 'x' or 'E');
                if (long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return new Literal(l);
                if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return new Literal(d);
                throw new TemplateException($"bad number {number}");
            }
            var word = ReadWhile(ch => char.IsLetterOrDigit(ch) || ch == '_');
            if (word.Length == 0) throw new TemplateException($"unexpected \"{c}\" in {{{{{text.Trim()}}}}}");
            return word switch { "true" => new Literal(true), "false" => new Literal(false), "nil" => new Literal(null), _ => new Function(word) };
        }

        private List<string> ReadKeys()
        {
            var keys = new List<string>();
            while (Peek() == '.')
            {
                _at++;
                var key = ReadWhile(ch => char.IsLetterOrDigit(ch) || ch == '_');
                if (key.Length > 0) keys.Add(key);
                else if (keys.Count > 0) throw new TemplateException($"bad field chain in {{{{{text.Trim()}}}}}");
            }
            return keys;
        }

        private string ReadQuoted()
        {
            var sb = new StringBuilder();
            for (_at++; _at < text.Length && text[_at] != '"'; _at++)
            {
                if (text[_at] != '\\' || _at + 1 >= text.Length)
                {
                    sb.Append(text[_at]);
                    continue;
                }
                _at++;
                sb.Append(text[_at] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other });
            }
            if (_at >= text.Length) throw new TemplateException("unterminated string");
            _at++;
            return sb.ToString();
        }

        private string ReadWhile(Func<char, bool> accept)
        {
            var start = _at;
            while (_at < text.Length && accept(text[_at])) _at++;
            return text[start.._at];
        }

        private void Skip()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at])) _at++;
        }

        private char Peek(int ahead = 0) => _at + ahead < text.Length ? text[_at + ahead] : '\0';
    }

    // ---- evaluation ----

    private sealed class Evaluator(bool missingKeyIsError, StringBuilder output)
    {
        public void Run(IReadOnlyList<Node> nodes, object? dot, Dictionary<string, object?> variables)
        {
            foreach (var node in nodes)
            {
                if (output.Length > MaxOutput) throw new TemplateException($"template output exceeds {MaxOutput} characters");
                switch (node)
                {
                    case TextNode t:
                        output.Append(t.Text);
                        break;
                    case ActionNode a:
                        var value = Evaluate(a.Pipeline, dot, variables);
                        if (a.Pipeline.Declares is null) output.Append(TemplateValues.Print(value));
                        break;
                    case BranchNode { Keyword: "range" } r:
                        var items = Evaluate(r.Pipeline, dot, variables);
                        var sequence = items switch
                        {
                            IReadOnlyList<object?> list => list,
                            IReadOnlyDictionary<string, object?> map => map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToList(),
                            null => [],
                            long n => Enumerable.Range(0, (int)Math.Min(n, 10_000)).Select(i => (object?)(long)i).ToList(),
                            _ => throw new TemplateException($"range can't iterate over {TemplateValues.Print(items)}"),
                        };
                        if (sequence.Count == 0) Run(r.Else, dot, variables);
                        foreach (var item in sequence) Run(r.Then, item, variables);
                        break;
                    case BranchNode b:
                        var condition = Evaluate(b.Pipeline, dot, variables);
                        if (TemplateValues.Truthy(condition)) Run(b.Then, b.Keyword == "with" ? condition : dot, variables);
                        else Run(b.Else, dot, variables);
                        break;
                }
            }
        }

        private object? Evaluate(Pipeline pipeline, object? dot, Dictionary<string, object?> variables)
        {
            object? value = null;
            var piped = false;
            foreach (var command in pipeline.Commands)
            {
                value = Execute(command, dot, variables, piped ? value : null, piped);
                piped = true;
            }
            if (pipeline.Declares is { } name) variables[name] = value;
            return value;
        }

        private object? Execute(Command command, object? dot, Dictionary<string, object?> variables, object? input, bool hasInput)
        {
            if (command.Operands[0] is Function function)
            {
                var args = command.Operands.Skip(1).Select(o => Value(o, dot, variables)).ToList();
                if (hasInput) args.Add(input);
                return TemplateFunctions.Call(function.Name, args);
            }
            if (command.Operands.Count > 1 || hasInput) throw new TemplateException("can't give an argument to a non-function");
            return Value(command.Operands[0], dot, variables);
        }

        private object? Value(Operand operand, object? dot, Dictionary<string, object?> variables) => operand switch
        {
            Literal l => l.Value,
            Function f => TemplateFunctions.Call(f.Name, []),
            Field { Variable: null } f => Walk(dot, f.Keys),
            Field f => variables.TryGetValue(f.Variable!, out var v) ? Walk(v, f.Keys) : throw new TemplateException($"undefined variable {f.Variable}"),
            Nested n => Walk(Evaluate(n.Pipeline, dot, variables), n.Keys),
            _ => throw new TemplateException("unknown operand"),
        };

        private object? Walk(object? value, IReadOnlyList<string> keys)
        {
            var path = "";
            foreach (var key in keys)
            {
                path += "." + key;
                switch (value)
                {
                    case IReadOnlyDictionary<string, object?> map when map.TryGetValue(key, out var next):
                        value = next;
                        break;
                    case IReadOnlyDictionary<string, object?>:
                        if (missingKeyIsError) throw new TemplateException($"map has no entry for key \"{key}\" ({path} is not a parameter)");
                        return null;
                    case null:
                        throw new TemplateException($"nil pointer evaluating {path}");
                    default:
                        throw new TemplateException($"can't evaluate field {key} in {TemplateValues.TypeName(value)}");
                }
            }
            return value;
        }
    }
}
