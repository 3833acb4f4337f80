using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;

namespace Acolhimento.Validation.Pipeline;

/// <summary>
/// The repository as one run reads it, once: its files and what kind each is (discover), their parse, and
/// <c>validation.yaml</c>. Every stage after parse takes what it needs from here instead of reading again.
/// </summary>
public sealed class RepositoryInput
{
    private readonly Lazy<RepositoryConfiguration> _configuration;

    private RepositoryInput(RepositoryInventory inventory, ParseResult parsed)
    {
        Inventory = inventory;
        Parsed = parsed;
        // Loaded on first use: a parse-only run needs no validation.yaml; once loaded (or refused) it is never read again.
        _configuration = new Lazy<RepositoryConfiguration>(() => RepositoryConfiguration.Load(parsed.Repository));
    }

    public string Root => Inventory.Root;

    public RepositoryInventory Inventory { get; }

    public ParseResult Parsed { get; }

    public ParsedRepository Repository => Parsed.Repository;

    /// <summary>Discovery's and the parse stage's findings.</summary>
    public IReadOnlyList<Finding> Findings => Parsed.Findings;

    /// <summary>True when discovery found <c>validation.yaml</c> at the root.</summary>
    public bool HasConfiguration => Inventory.Files.Any(f => f.Path == RepositoryConfiguration.FileName);

    /// <summary><c>validation.yaml</c>; throws <see cref="CannotValidateException"/> when it is missing or invalid, every time it is asked for.</summary>
    public RepositoryConfiguration Configuration => _configuration.Value;

    /// <summary>The configuration when the repository has one, else null (a missing file is not an error for stages that can do without).</summary>
    public RepositoryConfiguration? ConfigurationIfPresent => HasConfiguration ? Configuration : null;

    /// <summary>The configuration when the repository has a valid one, else null: for reports, which are written whatever the run met.</summary>
    public RepositoryConfiguration? ConfigurationIfValid
    {
        get
        {
            try
            {
                return Configuration;
            }
            catch (CannotValidateException)
            {
                return null;
            }
        }
    }

    /// <summary>Discover and parse <paramref name="repositoryRoot"/>.</summary>
    public static RepositoryInput Read(string repositoryRoot, ParseOptions? options = null)
    {
        var inventory = RepositoryScanner.Scan(repositoryRoot);
        return new RepositoryInput(inventory, ParseStage.Run(inventory, options));
    }
}
