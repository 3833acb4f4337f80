using System.Text;

namespace Acolhimento.Validation.Tests.Support;

/// <summary>Inputs built to exhaust a YAML reader or a tool, each behind a Kubernetes-looking header.</summary>
public static class HostileYaml
{
    private const string Header = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hostile\n";

    /// <summary>"Billion laughs": nine levels of nine aliases each, about 387 million nodes once expanded.</summary>
    public static string AliasBomb()
    {
        var text = new StringBuilder(Header).Append("data:\n  l0: &l0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var i = 1; i <= 8; i++)
            text.Append($"  l{i}: &l{i} [{string.Join(',', Enumerable.Repeat($"*l{i - 1}", 9))}]\n");
        return text.ToString();
    }

    /// <summary>A value nested <paramref name="depth"/> levels deep, in flow style, under <c>data</c>.</summary>
    public static string TooDeep(int depth = 150) => Header + "data:\n  deep: " + Nested(depth) + "\n";

    public static string Nested(int depth) => string.Concat(Enumerable.Repeat("{a: ", depth)) + "1" + new string('}', depth);

    /// <summary>Over the parse stage's 5 MiB size cap.</summary>
    public static byte[] TooLarge() => Encoding.UTF8.GetBytes(Header + "data:\n  big: \"" + new string('x', 6 * 1024 * 1024) + "\"\n");

    public static byte[] Binary() => [.. Encoding.UTF8.GetBytes(Header), 0, 1, 2, 3, 0];

    public static byte[] InvalidUtf8() => [.. Encoding.UTF8.GetBytes(Header + "data:\n  a: \""), 0xC3, 0x28, (byte)'"', (byte)'\n'];

    /// <summary>Each hostile case by name, with the parse rule that refuses it.</summary>
    public static readonly IReadOnlyDictionary<string, (Func<byte[]> Content, string ParseRule)> Cases = new Dictionary<string, (Func<byte[]>, string)>
    {
        ["alias bomb"] = (() => Encoding.UTF8.GetBytes(AliasBomb()), "parse/alias-expansion-limit"),
        ["too deep"] = (() => Encoding.UTF8.GetBytes(TooDeep()), "parse/nesting-too-deep"),
        ["too large"] = (TooLarge, "parse/file-too-large"),
        ["binary"] = (Binary, "parse/binary-content"),
        ["invalid utf-8"] = (InvalidUtf8, "parse/invalid-utf8"),
    };
}
