using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Schema;

namespace Acolhimento.Validation.Live;

/// <summary>
/// The schema of each kind the live stage sends, read from the schema data only when a decoding error needs it (a value the
/// decoder refused without naming its field is found by its type, see <see cref="UnnamedValues"/>). Schema data without the
/// OpenAPI documents of the version leaves every kind without a schema: such a finding stays at the object.
/// </summary>
internal sealed class KindSchemas(Func<SchemaCatalog?> load)
{
    private readonly Lazy<SchemaCatalog?> _catalog = new(load);

    public static readonly KindSchemas None = new(() => null);

    public static KindSchemas From(SchemaData data, string kubernetesVersion) => new(() =>
    {
        try
        {
            return SchemaCatalog.Load(data, kubernetesVersion);
        }
        catch (CannotValidateException)
        {
            return null;
        }
    });

    public SchemaNode? Of(LiveObject target)
    {
        try
        {
            return _catalog.Value?.Find(target.ApiVersion, target.Kind) is KindFound found ? found.Schema : null;
        }
        catch (CannotValidateException)
        {
            return null;
        }
    }
}
