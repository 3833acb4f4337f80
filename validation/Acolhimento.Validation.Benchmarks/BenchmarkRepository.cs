namespace Acolhimento.Validation.Benchmarks;

/// <summary>This repository, found above the benchmark binaries (BenchmarkDotNet runs them from a generated folder inside bin/).</summary>
public static class BenchmarkRepository
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "validation.yaml"))) return dir.FullName;
            }
            throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }
    }
}
