using Acolhimento.Validation.Schema.ApiServer;
using Shouldly;

namespace Acolhimento.Validation.Tests.Schema;

/// <summary>
/// The CronJob schedule parser against robfig/cron v3's standard parser (what the API server runs): accepted forms, and
/// the exact error text for each way a schedule is refused.
/// </summary>
[Trait("Category", "Unit")]
public sealed class CronScheduleTests
{
    [Theory]
    [InlineData("0 2 * * *")]
    [InlineData("*/15 * * * *")]
    [InlineData("0 9-17 * * mon-fri")]
    [InlineData("0 0 1 jan,JUL *")]
    [InlineData("5,10,,15 * * * *")]
    [InlineData("0 0 ? * SUN")]
    [InlineData("30 4 1-31/2 1-12 0-6")]
    [InlineData("*-5 * * * *")]
    [InlineData("7/20 * * * *")]
    [InlineData("+5 * * * *")]
    [InlineData("00 02 * * *")]
    [InlineData("0\t2  * *\n*")]
    [InlineData("@yearly")]
    [InlineData("@annually")]
    [InlineData("@monthly")]
    [InlineData("@weekly")]
    [InlineData("@daily")]
    [InlineData("@midnight")]
    [InlineData("@hourly")]
    [InlineData("@every 1h30m")]
    [InlineData("@every 1.5h")]
    [InlineData("@every 90s")]
    [InlineData("@every 0")]
    [InlineData("@every 500ms")]
    [InlineData("@every 2\u00b5s")]
    public void Schedules_the_api_server_accepts(string schedule) => CronSchedule.Error(schedule).ShouldBeNull();

    [Theory]
    [InlineData("", "empty spec string")]
    [InlineData("0 2 * *", "expected exactly 5 fields, found 4: [0 2 * *]")]
    [InlineData("0 0 2 * * *", "expected exactly 5 fields, found 6: [0 0 2 * * *]")]
    [InlineData("61 * * * *", "end of range (61) above maximum (59): 61")]
    [InlineData("* 24 * * *", "end of range (24) above maximum (23): 24")]
    [InlineData("* * 0 * *", "beginning of range (0) below minimum (1): 0")]
    [InlineData("* * 32 * *", "end of range (32) above maximum (31): 32")]
    [InlineData("* * * 13 *", "end of range (13) above maximum (12): 13")]
    [InlineData("* * * * 7", "end of range (7) above maximum (6): 7")]
    [InlineData("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1")]
    [InlineData("*/0 * * * *", "step of range should be a positive number: */0")]
    [InlineData("1-2-3 * * * *", "too many hyphens: 1-2-3")]
    [InlineData("*/2/3 * * * *", "too many slashes: */2/3")]
    [InlineData("x * * * *", "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax")]
    [InlineData("* * * * monday", "failed to parse int from monday: strconv.Atoi: parsing \"monday\": invalid syntax")]
    [InlineData("-5 * * * *", "failed to parse int from : strconv.Atoi: parsing \"\": invalid syntax")]
    [InlineData("*/-5 * * * *", "negative number (-5) not allowed: -5")]
    [InlineData("99999999999999999999 * * * *", "failed to parse int from 99999999999999999999: strconv.Atoi: parsing \"99999999999999999999\": value out of range")]
    [InlineData("1_0 * * * *", "failed to parse int from 1_0: strconv.Atoi: parsing \"1_0\": invalid syntax")]
    [InlineData("@reboot", "unrecognized descriptor: @reboot")]
    [InlineData("@Daily", "unrecognized descriptor: @Daily")]
    [InlineData("@every", "unrecognized descriptor: @every")]
    [InlineData("@every 1d", "failed to parse duration @every 1d: time: unknown unit \"d\" in duration \"1d\"")]
    [InlineData("@every 10", "failed to parse duration @every 10: time: missing unit in duration \"10\"")]
    [InlineData("@every .h", "failed to parse duration @every .h: time: invalid duration \".h\"")]
    [InlineData("@every 99999999999h", "failed to parse duration @every 99999999999h: time: invalid duration \"99999999999h\"")]
    [InlineData("TZ=Mars/Olympus 0 2 * * *", "provided bad location Mars/Olympus: unknown time zone Mars/Olympus")]
    public void Schedules_the_api_server_refuses_with_its_words(string schedule, string error) => CronSchedule.Error(schedule).ShouldBe(error);

    [Fact]
    public void A_time_zone_prefix_is_read_then_the_rest_parsed() => CronSchedule.Error("CRON_TZ=America/Sao_Paulo 0 2 * * *").ShouldBeNull();

    /// <summary>Hostile schedules: huge, odd characters, many ranges; each answers at once.</summary>
    [Theory]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public void Huge_schedules_are_refused_quickly(int length)
    {
        CronSchedule.Error(new string('1', length) + " * * * *").ShouldStartWith("failed to parse int from ");
        CronSchedule.Error(string.Join(',', Enumerable.Repeat("1-2/3", length / 6)) + " * * * *").ShouldBeNull();
        CronSchedule.Error(new string('*', length)).ShouldBe($"expected exactly 5 fields, found 1: [{new string('*', length)}]");
        CronSchedule.Error("@every " + new string('9', length) + "h").ShouldStartWith("failed to parse duration");
        CronSchedule.Error("\u0000\u202e * * * *").ShouldStartWith("failed to parse int from");
    }
}
