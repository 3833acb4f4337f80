using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Schema.ApiServer;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Schema;

/// <summary>A CronJob's schedule and timeZone through the schema stage's API-server rules, in the API server's words and at the field.</summary>
[Trait("Category", "Unit")]
public sealed class CronJobRulesTests
{
    private static IReadOnlyList<SchemaViolation> Check(string schedule, string? timeZone = null)
    {
        var zone = timeZone is null ? "" : $"\n  timeZone: {timeZone}";
        var yaml = $"""
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: backup
            spec:
              schedule: {schedule}{zone}
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: OnFailure
                      containers:
                        - name: backup
                          image: x
            """;
        var body = (YamlMapping)YamlReader.Read(yaml).Documents[0].Root!;
        return ApiServerRules.Check("batch/v1", "CronJob", body);
    }

    [Theory]
    [InlineData("\"0 2 * * *\"", "America/Sao_Paulo")]
    [InlineData("\"@daily\"", "UTC")]
    [InlineData("\"*/5 * * * *\"", "Etc/GMT+3")]
    [InlineData("\"0 2 * * *\"", null)]
    public void Accepted_schedules_and_zones_pass(string schedule, string? zone) => Check(schedule, zone).ShouldBeEmpty();

    [Fact]
    public void A_field_out_of_range_is_refused_at_the_schedule()
    {
        var v = Check("\"61 * * * *\"").ShouldHaveSingleItem();
        v.Rule.ShouldBe(SchemaRules.CronSchedule);
        v.Path.ToString().ShouldBe("spec.schedule");
        v.Message.ShouldBe("spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61");
    }

    [Theory]
    [InlineData("\"TZ=UTC 0 2 * * *\"")]
    [InlineData("\"CRON_TZ=America/Sao_Paulo 0 2 * * *\"")]
    public void A_zone_inside_the_schedule_is_refused_in_favour_of_time_zone(string schedule) =>
        Check(schedule).ShouldHaveSingleItem().Message.ShouldEndWith(": cannot use TZ or CRON_TZ in schedule, use timeZone field instead");

    [Fact]
    public void An_empty_schedule_is_a_required_value() =>
        Check("\"\"").ShouldHaveSingleItem().Message.ShouldBe("spec.schedule: Required value");

    [Theory]
    [InlineData("America/Sao_Pualo", "unknown time zone America/Sao_Pualo; did you mean \"America/Sao_Paulo\"?")]
    [InlineData("america/sao_paulo", "unknown time zone america/sao_paulo; did you mean \"America/Sao_Paulo\"?")]
    [InlineData("Local", "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones")]
    [InlineData("local", "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones")]
    [InlineData("\"\"", "timeZone must be nil or non-empty string")]
    [InlineData("../etc/passwd", "unknown time zone ../etc/passwd")]
    [InlineData("America/Sao Paulo", "unknown time zone America/Sao Paulo; did you mean \"America/Sao_Paulo\"?")]
    [InlineData("Mars/Olympus_Mons_Base", "unknown time zone Mars/Olympus_Mons_Base")]
    [InlineData("\"-0300\"", "unknown time zone -0300")]
    public void A_zone_the_api_server_does_not_know_is_refused(string zone, string detail)
    {
        var v = Check("\"0 2 * * *\"", zone).ShouldHaveSingleItem();
        v.Rule.ShouldBe(SchemaRules.TimeZone);
        v.Path.ToString().ShouldBe("spec.timeZone");
        v.Message.ShouldEndWith(": " + detail);
    }

    [Fact]
    public void A_huge_or_odd_schedule_gives_one_short_finding()
    {
        var v = Check($"\"{new string('9', 200_000)} * * * \\u202e\"").ShouldHaveSingleItem();
        v.Rule.ShouldBe(SchemaRules.CronSchedule);
        v.Message.Length.ShouldBeLessThan(600);
        v.Message.ShouldNotContain("\u202e");
    }
}
