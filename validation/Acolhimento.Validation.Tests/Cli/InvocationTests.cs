using Acolhimento.Validation.Cli;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Cli;

/// <summary>Messages that say what to run next name a command the user has: the installed tool, or dotnet run from their checkout.</summary>
[Trait("Category", "Unit")]
public sealed class InvocationTests
{
    [Fact]
    public void An_installed_tool_is_called_by_its_command_name()
    {
        Invocation.Command("/home/u/.dotnet/tools/.store/acolhimento.validation.cli/0.1.0/acolhimento.validation.cli/0.1.0/tools/net10.0/any", "/work/repo")
            .ShouldBe("acolhimento-validate");
        Invocation.Command("/home/u/.nuget/packages/acolhimento.validation.cli/0.1.0/tools/net10.0/any", "/work/repo").ShouldBe("acolhimento-validate");
    }

    [Fact]
    public void A_build_in_a_checkout_is_called_through_dotnet_run_from_where_the_user_is()
    {
        using var checkout = new TempRepository().Write("validation/Acolhimento.Validation.Cli/Acolhimento.Validation.Cli.csproj", "<Project />");
        var bin = Path.Combine(checkout.Root, "validation", "Acolhimento.Validation.Cli", "bin", "Debug", "net10.0");
        Invocation.Command(bin, checkout.Root).ShouldBe("dotnet run --project validation/Acolhimento.Validation.Cli --");
        Invocation.Command(bin, Path.Combine(checkout.Root, "clusters")).ShouldBe("dotnet run --project ../validation/Acolhimento.Validation.Cli --");
    }

    [Fact]
    public void Quoted_commands_in_a_message_are_written_as_the_user_runs_them()
    {
        Invocation.Translate("no schema data: run `acolhimento-validate schemas pull --k8s-version X.Y` to fill the cache", "dotnet run --project validation/Acolhimento.Validation.Cli --")
            .ShouldBe("no schema data: run `dotnet run --project validation/Acolhimento.Validation.Cli -- schemas pull --k8s-version X.Y` to fill the cache");
        Invocation.Translate("run `acolhimento-validate schemas pull`", "acolhimento-validate").ShouldBe("run `acolhimento-validate schemas pull`");
    }
}
