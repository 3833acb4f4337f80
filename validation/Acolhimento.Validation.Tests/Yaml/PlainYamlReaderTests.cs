using System.Text;
using Acolhimento.Validation.Tests.Support;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Yaml;

/// <summary>
/// The fast path must never change a result: wherever it reads a text, the documents, nodes, values, styles and
/// positions are exactly the full reader's. Checked on hand-written edge cases, on every YAML file of this repository
/// and on thousands of deterministic mutations of them.
/// </summary>
[Trait("Category", "Unit")]
public sealed class PlainYamlReaderTests
{
    private const string Manifest = """
        # a comment before the document
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api   # trailing comment
          labels:
            app.kubernetes.io/name: api
          annotations:
            argocd.argoproj.io/sync-wave: '-1'
            note: "quoted \"value\" with \\ and \u00e7"
        spec:
          replicas: 2
          selector: {}
          template:
            spec:
              containers:
              - name: api
                image: ghcr.io/x/api:1.0   # a colon inside a plain scalar
                args: []
                env:
                -   name: A
                    value: 'it''s'
                - name: EMPTY
                  value:
                command:
                  - /bin/sh
                  - -c
                  - |
                    echo "a: b" # not a comment
                      indented

                    done
              volumes:
              -
                name: data
        ---
        kind: ConfigMap
        data:
          strip: |-
            x
          keep: |+
            y


        """;

    // What PyYAML (and Go's yaml) write for long strings: folded plain, single-quoted and double-quoted lines.
    private const string WrappedScalars = """
        spec:
          template:
            spec:
              containers:
              - args:
                - 'set -eu

                  target="backup:${BUCKET}/${NS}"

                  rclone copy /backup "$target"

                  '
                - "set -eu\npg_dump --format=custom \\\n  --file=\"\
                  /backup/${NS}-$(date -u +%Y%m%dT%H%M%SZ).dump\"\n"
                env:
                - name: DATABASE_URL
                  value: postgresql://{{ .username | urlquery }}:{{ .password | urlquery
                    }}@postgresql:5432/{{ .database }}
        data:
          dashboard.json: "{\n  \"uid\": \"central\",\n  \"title\":\
            \ \"Central\",\n  \"timezone\"\
            : \"browser\"}"
        """;

    [Theory]
    [InlineData(Manifest, 2)]
    [InlineData(WrappedScalars, 1)]
    public void Reads_plain_Kubernetes_YAML_on_the_fast_path_with_the_full_readers_result(string text, int documents)
    {
        var fast = PlainYamlReader.TryRead(text, YamlLimits.Default, new StringPool());
        fast.ShouldNotBeNull();
        Describe(fast).ShouldBe(Describe(YamlReader.ReadFully(text, YamlLimits.Default)));
        fast.Documents.Count.ShouldBe(documents);
    }

    [Theory]
    [InlineData("a: &x 1\nb: *x\n")]
    [InlineData("a: !!str 1\n")]
    [InlineData("a: [1, 2\n")]
    [InlineData("a: [1,\n  2]\n")]
    [InlineData("a: {b: 1,\n  c: 2}\n")]
    [InlineData("a: [b: 1]\n")]
    [InlineData("a: {b}\n")]
    [InlineData("a: {b, c: d}\n")]
    [InlineData("a: {b: }\n")]
    [InlineData("a: {b: , c: d}\n")]
    [InlineData("a: [b, ]\n")]
    [InlineData("a: [, b]\n")]
    [InlineData("a: {b:c}\n")]
    [InlineData("a: {\"b\":1}\n")]
    [InlineData("a: [b:]\n")]
    [InlineData("a: [b:, c]\n")]
    [InlineData("a: {b:[c]}\n")]
    [InlineData("a: [b#c]\n")]
    [InlineData("a: [b # c]\n")]
    [InlineData("a: [it's]\n")]
    [InlineData("a: [-]\n")]
    [InlineData("a: [- b]\n")]
    [InlineData("a: [&x b, *x]\n")]
    [InlineData("a: [!!str 1]\n")]
    [InlineData("a: [? b]\n")]
    [InlineData("a: [[b], c]: d\n")]
    [InlineData("a: [b]c\n")]
    [InlineData("a: [b]#c\n")]
    [InlineData("a: {[b]: c}\n")]
    [InlineData("a: {b: 1, b: 2}\n")]
    [InlineData("a: ['b\n  c']\n")]
    [InlineData("a:\n  [b, c]\n")]
    [InlineData("a: >2\n  folded\n")]
    [InlineData("a: >\n\n  leading empty line\n")]
    [InlineData("a: > # comment\n  folded\n")]
    [InlineData("a: >\n  x\n   \n  y\n")]
    [InlineData("a:\tb\n")]
    [InlineData("a: b\r\n")]
    [InlineData("a: b\n---\n---\nc: d\n")]
    [InlineData("a: 1\na: 2\n")]
    [InlineData("a: b: c\n")]
    [InlineData("- - a\n")]
    [InlineData("? a\n: b\n")]
    [InlineData("a: 1\n...\n")]
    [InlineData("a: |\n  no final line break")]
    public void Leaves_anything_else_to_the_full_reader(string text)
    {
        PlainYamlReader.TryRead(text, YamlLimits.Default, new StringPool()).ShouldBeNull();
        YamlReader.Read(text).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\na: 1\n")]
    [InlineData("a:\n- 1\n- 2\nb: 3\n")]
    [InlineData("a:\n  - 1\n  -\n  - c: d\n    e: f\n")]
    [InlineData("list:\n- x\n# comment\n\n- y\n")]
    [InlineData("'quoted key': 1\n\"k\": v\n")]
    [InlineData("a  : spaced colon\n")]
    [InlineData("a: |\n  one\n\n\n  two\n\nb: 1\n")]
    [InlineData("a: |+\n  one\n\n")]
    [InlineData("a: x#y\nb: -1\nc: ~\nd: 'x' # c\n")]
    [InlineData("  indented: top\n  level: mapping\n")]
    [InlineData("- a\n- b\n---\n- c\n")]
    [InlineData("a: \"\\x41\\u00e9\\t\\n\"\n")]
    [InlineData("a: b\n# end\n")]
    [InlineData("a:   # comment after colon\n  b: 1\n")]
    [InlineData("a:\n")]
    [InlineData("a: b")]
    [InlineData("a: one\n  two\n\n  three   \n    four # c\nb: 1\n")]
    [InlineData("- x {{ y\n  }}.z\n- 'set -eu\n\n  echo ''a''   \n  b'\n")]
    [InlineData("a: \"x\\\n  \\ y \\\"q\\\"\n  z\"\n")]
    [InlineData("a:\n- b: c\n    d\n  e: f\n")]
    [InlineData("a: b\n  c\n")]
    [InlineData("a: \"multi\n  line\"\n")]
    [InlineData("a: >\n  folded\n")]
    [InlineData("a: >-\n  one\n  two\n\n  three\n\n\n  four\nb: 1\n")]
    [InlineData("a: >+\n  one\n    more\n    indented\n  two\n\n  three\n\n\nb: 1\n")]
    [InlineData("- >\n  x\n\n    y\n\n  z\n- |-\n  w\n")]
    [InlineData("description: >-\n  Cluster-wide configuration of the platform add-ons that must come from this\n  repository: Let's Encrypt.\ntype: application\n")]
    [InlineData("a: [1, 2]\n")]
    [InlineData("a: {b: 1}\n")]
    [InlineData("a: [ x , 'y z' ,\"w\\n\" ]  # c\nb: 2\n")]
    [InlineData("a: [b,c,d]\n")]
    [InlineData("a: [ ]\nb: { }\n")]
    [InlineData("resources:\n  requests: {cpu: 100m, memory: 128Mi}\n  limits: {cpu: 500m, memory: 256Mi}\n")]
    [InlineData("drop: [ALL]\nargs: [--port=8080, -v, \"a, b\", 'it''s']\n")]
    [InlineData("selector: {cluster: dev, namespace: central-acolhimento-dev, kind: Secret}\n")]
    [InlineData("a: {b: [1, {c: d}], e: {}}\n")]
    [InlineData("- [a, b]\n- {c: d}\n-   [ ]\n")]
    [InlineData("a: {b c: d e , 'f': g}\n")]
    [InlineData("a: {b : c}\n")]
    [InlineData("a: [~, null, true, 0x1F, 1.5, 1e3, .5, 08]\n")]
    [InlineData("a: [https//x/y, a?b, a=b, a|b, a>b, a!b, a&b, a*b, a%b, a@b]\n")]
    [InlineData("a: [b:c, https://x/y:1]\nd: {image: ghcr.io/x/web:1.0.0, url: http://h:80/p}\n")]
    [InlineData("a: {b:c: d}\n")]
    public void Agrees_with_the_full_reader_on_edge_cases(string text) => AssertSameResult(text).ShouldBeTrue("the fast path reads this");

    [Theory]
    [InlineData("a: b\n  - c\n")]
    [InlineData("a: b\n  'c\n")]
    [InlineData("a: b\n  [c\n")]
    [InlineData("a: b\n  # c\n  d\n")]
    [InlineData("a: 'b\n'\n")]
    [InlineData("a: \"b\\\n\n  c\"\n")]
    [InlineData("- 'a\n  b': c\n")]
    [InlineData("a: b\n c: d\n")]
    [InlineData("a:\n  b\n  c\n")]
    public void Agrees_with_the_full_reader_or_leaves_the_text_to_it(string text) => AssertSameResult(text);

    [Fact]
    public void Agrees_with_the_full_reader_on_every_yaml_file_of_this_repository_and_on_mutations_of_them()
    {
        var files = Directory.EnumerateFiles(RepositoryLocator.Root, "*.y*ml", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/.git/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        files.Count.ShouldBeGreaterThan(50);
        var random = new Random(13); // deterministic: the same mutations on every run
        var fastReads = 0;
        foreach (var (file, text) in files.Select(f => (f, File.ReadAllText(f))).Append(("Manifest", Manifest)).Append(("WrappedScalars", WrappedScalars)))
        {
            fastReads += AssertSameResult(text, file) ? 1 : 0;
            for (var i = 0; i < 12; i++)
            {
                var mutated = Mutate(text, random);
                fastReads += AssertSameResult(mutated, $"{file} (mutation {i})") ? 1 : 0;
            }
        }
        fastReads.ShouldBeGreaterThan(files.Count); // the fast path is taken, not just declined
    }

    [Fact]
    public void Agrees_with_the_full_reader_on_thousands_of_generated_flow_collections()
    {
        // Well-formed one-line flow values of random shape, a third of them then broken by one inserted piece that
        // decides how flow is read (brackets, separators, colons, comments, quotes, indicators, line breaks).
        string[] scalars = ["a", "b c", "-1", "-x", "~", "'q'", "'it''s'", "\"d\\n\"", "\"\"", "''", "0x1F", "\"a, b\"", "http//h/p", "https://h:1/p", "web:1.0", "\u00e9", "x=y", "1.5"];
        string[] pieces = ["[", "]", "{", "}", ",", ", ", ": ", ":", " ", "#", " #x", "x:y", "?", "!", "&", "*", "|", ">", "%", "@", "`", "\n", "\n  ", "'", "\"", "-", "- "];
        var random = new Random(17); // deterministic
        string Flow(int depth)
        {
            var mapping = random.Next(2) == 0;
            var entries = Enumerable.Range(0, random.Next(4)).Select(_ =>
            {
                var value = depth < 2 && random.Next(4) == 0 ? Flow(depth + 1) : scalars[random.Next(scalars.Length)];
                return mapping ? scalars[random.Next(scalars.Length)] + (random.Next(4) == 0 ? " : " : ": ") + value : value;
            });
            var separator = new[] { ", ", ",", " , " }[random.Next(3)];
            var inner = string.Join(separator, entries);
            return mapping ? "{" + inner + "}" : "[" + inner + "]";
        }
        var fastReads = 0;
        for (var i = 0; i < 4000; i++)
        {
            var value = Flow(0);
            if (random.Next(3) == 0) value = value.Insert(random.Next(value.Length + 1), pieces[random.Next(pieces.Length)]);
            var text = random.Next(3) switch
            {
                0 => $"k: {value}\nnext: 1\n",
                1 => $"list:\n- {value}\n- z\n",
                _ => $"a:\n  b: {value}  # c\n  c: [x, {{y: z}}]\n",
            };
            fastReads += AssertSameResult(text) ? 1 : 0;
        }
        fastReads.ShouldBeGreaterThan(2000); // most well-formed ones are read on the fast path, not declined
    }

    [Fact]
    public void Agrees_with_the_full_reader_on_thousands_of_generated_block_scalars()
    {
        // Literal and folded scalars of random lines: more and less indented lines, runs of empty lines, each chomping,
        // at the end of the text or followed by a key, a third of them then broken by one inserted piece.
        string[] headers = ["|", "|-", "|+", ">", ">-", ">+"];
        string[] pieces = ["\n", "\n\n", " ", "  ", "#", " # c", "- ", ": ", "'", "\"", "[", "{", "|", ">", "\n  x: y\n"];
        var random = new Random(23); // deterministic
        var fastReads = 0;
        for (var i = 0; i < 4000; i++)
        {
            var text = new StringBuilder(random.Next(2) == 0 ? "a: " : "list:\n- ").Append(headers[random.Next(headers.Length)]).Append('\n');
            const string indent = "  "; // deeper than the key or the dash that owns the scalar
            for (var n = random.Next(1, 7); n > 0; n--)
            {
                text.Append(random.Next(5) switch
                {
                    0 => "\n",
                    1 => indent + new string(' ', random.Next(1, 4)) + "more " + n + "\n",
                    _ => indent + "line " + n + (random.Next(3) == 0 ? " with: colon # and hash" : "") + "\n",
                });
            }
            if (random.Next(2) == 0) text.Append(random.Next(2) == 0 ? "b: 1\n" : "\n\nb: 1\n");
            var yaml = text.ToString();
            if (random.Next(3) == 0) yaml = yaml.Insert(random.Next(yaml.Length + 1), pieces[random.Next(pieces.Length)]);
            fastReads += AssertSameResult(yaml) ? 1 : 0;
        }
        fastReads.ShouldBeGreaterThan(2000); // most are read on the fast path, not declined
    }

    private static readonly string[] Insertions =
    [
        ":", ": ", " #", "#", "-", "- ", "'", "\"", "|", "|-", "\n", "\n  ", "  ", "{}", "[]", "---\n", "\\", "&a ", "x: y\n", "\u00e9",
        "[", "]", "{", "}", ",", ", ", "[a, b]", "{a: b}", "{a: [b, c]}", " [x]", " {y: z}", ">", ">-", ">+", "|+", " >\n", "\n    ",
    ];

    private static string Mutate(string text, Random random)
    {
        if (text.Length == 0) return "a: b\n";
        var builder = new StringBuilder(text);
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = random.Next(builder.Length + 1);
            if (random.Next(3) == 0 && at < builder.Length) builder.Remove(at, Math.Min(random.Next(1, 4), builder.Length - at));
            else builder.Insert(at, Insertions[random.Next(Insertions.Length)]);
        }
        return builder.ToString();
    }

    /// <summary>When the fast path reads <paramref name="text"/>, its result equals the full reader's; true when it read it.</summary>
    private static bool AssertSameResult(string text, string? what = null)
    {
        var fast = PlainYamlReader.TryRead(text, YamlLimits.Default, new StringPool(16));
        if (fast is null) return false;
        Describe(fast).ShouldBe(Describe(YamlReader.ReadFully(text, YamlLimits.Default)), what ?? text);
        return true;
    }

    /// <summary>Every document, node, value, style, tag, size and position, one per line.</summary>
    internal static string Describe(YamlReadResult result)
    {
        var text = new StringBuilder();
        foreach (var problem in result.Problems) text.Append("problem ").Append(problem).Append('\n');
        foreach (var document in result.Documents)
        {
            text.Append($"document {document.Index} at {document.Start}\n");
            if (document.Root is { } root) Describe(root, 1, text);
        }
        return text.ToString();
    }

    private static void Describe(YamlNode node, int depth, StringBuilder text)
    {
        text.Append(' ', depth * 2);
        switch (node)
        {
            case YamlScalar s:
                text.Append($"scalar {s.Start} {s.Style} {s.Tag ?? "-"} [{s.Value.Replace("\n", "\\n", StringComparison.Ordinal)}]\n");
                break;
            case YamlSequence seq:
                text.Append($"sequence {seq.Start} size {seq.ExpandedSize}\n");
                foreach (var item in seq.Items) Describe(item, depth + 1, text);
                break;
            case YamlMapping map:
                text.Append($"mapping {map.Start} size {map.ExpandedSize}\n");
                foreach (var entry in map.Entries)
                {
                    Describe(entry.Key, depth + 1, text);
                    Describe(entry.Value, depth + 2, text);
                }
                break;
        }
    }
}
