using System.Text;
using Acolhimento.Validation.Kubernetes;

namespace Acolhimento.Validation.Render.Helm;

/// <summary>
/// The build environment Argo CD's repo server substitutes into value file paths, file parameter paths and parameter
/// values (<c>newEnv</c> and <c>Env.Envsubst</c> in <c>reposerver/repository</c>): <c>$ARGOCD_APP_NAME</c> and the like,
/// with Go's <c>os.Expand</c> rules — an unknown variable becomes the empty string and <c>$$</c> is a dollar sign.
/// The revision Argo CD renders (a commit) is not known offline: a stand-in is substituted and <see cref="RevisionUsed"/> says so.
/// </summary>
internal sealed record BuildEnvironment(IReadOnlyDictionary<string, string> Variables)
{
    /// <summary>Stands for the commit Argo CD would resolve the target revision to.</summary>
    public const string RevisionStandIn = "0000000000000000000000000000000000000000";

    private static readonly string[] RevisionVariables = ["ARGOCD_APP_REVISION", "ARGOCD_APP_REVISION_SHORT", "ARGOCD_APP_REVISION_SHORT_8"];

    public static BuildEnvironment For(ApplicationDefinition app, SourceDefinition source) => new(new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ARGOCD_APP_NAME"] = InstanceName(app),
        ["ARGOCD_APP_NAMESPACE"] = app.DestinationNamespace ?? "",
        ["ARGOCD_APP_PROJECT_NAME"] = app.Project ?? "",
        ["ARGOCD_APP_REVISION"] = RevisionStandIn,
        ["ARGOCD_APP_REVISION_SHORT"] = RevisionStandIn[..7],
        ["ARGOCD_APP_REVISION_SHORT_8"] = RevisionStandIn[..8],
        ["ARGOCD_APP_SOURCE_REPO_URL"] = source.RepoUrl ?? "",
        ["ARGOCD_APP_SOURCE_PATH"] = source.Path ?? "",
        ["ARGOCD_APP_SOURCE_TARGET_REVISION"] = source.TargetRevision ?? "",
    });

    /// <summary>Argo CD's instance name: the name, prefixed with <c>namespace_</c> when the Application lives outside Argo CD's namespace.</summary>
    public static string InstanceName(ApplicationDefinition app) =>
        app.Object.Namespace is { Length: > 0 } ns && ns != ArgoCd.Namespace ? $"{ns}_{app.Name}" : app.Name;

    /// <summary>True when <paramref name="text"/> names a revision variable, whose value the gate can only stand in for.</summary>
    public static bool RevisionUsed(string text) => Names(text).Any(n => RevisionVariables.Contains(n, StringComparer.Ordinal));

    /// <summary><paramref name="text"/> with its variables expanded as Go's <c>os.Expand</c> with Argo CD's mapping does.</summary>
    public string Substitute(string text) => Expand(text, name => name == "$" ? "$" : Variables.GetValueOrDefault(name, ""));

    private static IEnumerable<string> Names(string text)
    {
        var names = new List<string>();
        Expand(text, name =>
        {
            names.Add(name);
            return "";
        });
        return names;
    }

    /// <summary>Go's <c>os.Expand</c>: <c>$NAME</c>, <c>${NAME}</c>, one-character special names; bad syntax is eaten, a lone trailing <c>$</c> kept.</summary>
    public static string Expand(string s, Func<string, string> mapping)
    {
        StringBuilder? buffer = null;
        var i = 0;
        for (var j = 0; j < s.Length; j++)
        {
            if (s[j] != '$' || j + 1 >= s.Length) continue;
            buffer ??= new StringBuilder(2 * s.Length);
            buffer.Append(s, i, j - i);
            var (name, width) = ShellName(s, j + 1);
            if (name.Length == 0 && width > 0)
            {
                // invalid syntax: the characters are eaten
            }
            else if (name.Length == 0)
            {
                buffer.Append('$');
            }
            else
            {
                buffer.Append(mapping(name));
            }
            j += width;
            i = j + 1;
        }
        return buffer is null ? s : buffer.Append(s, i, s.Length - i).ToString();
    }

    private static (string Name, int Width) ShellName(string s, int start)
    {
        if (s[start] == '{')
        {
            if (s.Length - start > 2 && IsSpecial(s[start + 1]) && s[start + 2] == '}') return (s.Substring(start + 1, 1), 3);
            for (var i = 1; start + i < s.Length; i++)
            {
                if (s[start + i] != '}') continue;
                return i == 1 ? ("", 2) : (s.Substring(start + 1, i - 1), i + 1);
            }
            return ("", 1);
        }
        if (IsSpecial(s[start])) return (s.Substring(start, 1), 1);
        var n = 0;
        while (start + n < s.Length && IsNameCharacter(s[start + n])) n++;
        return (s.Substring(start, n), n);
    }

    private static bool IsSpecial(char c) => c is '*' or '#' or '$' or '@' or '!' or '?' or '-' or (>= '0' and <= '9');

    private static bool IsNameCharacter(char c) => c == '_' || c is >= '0' and <= '9' or >= 'a' and <= 'z' or >= 'A' and <= 'Z';
}
