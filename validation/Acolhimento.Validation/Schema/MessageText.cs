using System.Text;

namespace Acolhimento.Validation.Schema;

/// <summary>Text from the manifests as it appears in a finding message: quoted, control characters escaped, long text shortened, so a finding stays one line.</summary>
internal static class MessageText
{
    private const int MaxShown = 60;

    public static string Quote(string text)
    {
        var shown = text.Length > MaxShown ? text[..(MaxShown - 3)] + "..." : text;
        var sb = new StringBuilder("\"");
        foreach (var c in shown)
        {
            sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '"' => "\\\"",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }
}
