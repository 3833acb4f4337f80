using System.CommandLine;
using Acolhimento.Validation.Cli;
using Shouldly;

namespace Acolhimento.Validation.Tests.Live;

[Trait("Category", "Unit")]
public sealed class LiveCommandsTests
{
    [Theory]
    [InlineData("validate --wait", true)]
    [InlineData("validate", false)]
    public void Wait_option_parses(string line, bool expected)
    {
        var wait = LiveCommands.WaitOption();
        var root = new RootCommand { new Command("validate") { wait } };
        var result = root.Parse(line);
        result.Errors.ShouldBeEmpty();
        result.GetValue(wait).ShouldBe(expected);
        LiveCommands.Options("/schemas", expected).ShouldBe(new Validation.Live.LiveOptions("/schemas", Wait: expected));
    }
}
