using Acolhimento.Validation.Live;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Live;

[Trait("Category", "Unit")]
public sealed class KubectlOutputParserTests
{
    private static string Sample(string name) => File.ReadAllText(RepositoryLocator.Fixture("Live", "Fixtures", "kubectl", name));

    private static KubectlOutput Parse(string? stdout = null, string? stderr = null) =>
        KubectlOutputParser.Parse(stdout is null ? "" : Sample(stdout), stderr is null ? "" : Sample(stderr));

    [Fact]
    public void Dry_run_success_lines_name_each_object()
    {
        var output = Parse("dry-run-clean.stdout");
        output.IsClean.ShouldBeTrue();
        output.Applied.Select(a => a.PrinterKey).ShouldBe(
            ["namespace/acolhimento", "serviceaccount/api", "configmap/api-settings", "service/api", "deployment.apps/api", "externalsecret.external-secrets.io/api-db"]);
        output.Applied.ShouldAllBe(a => a.DryRun && a.Verb == "serverside-applied");
    }

    [Fact]
    public void Real_apply_lines_are_not_dry_runs()
    {
        var output = Parse("apply-clean.stdout");
        output.Applied.Select(a => a.PrinterKey).ShouldContain("customresourcedefinition.apiextensions.k8s.io/externalsecrets.external-secrets.io");
        output.Applied.ShouldAllBe(a => !a.DryRun);
    }

    [Fact]
    public void Pod_security_warning_is_one_warning()
    {
        var output = Parse("podsecurity-warning.stdout", "podsecurity-warning.stderr");
        output.Applied.Single().PrinterKey.ShouldBe("deployment.apps/api");
        output.Warnings.Single().ShouldStartWith("would violate PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false");
        output.Errors.ShouldBeEmpty();
        output.IsClean.ShouldBeFalse();
    }

    [Fact]
    public void Single_invalid_status_names_the_object_and_the_field()
    {
        var error = Parse(stderr: "invalid-single.stderr").Errors.Single();
        error.Reason.ShouldBe("Invalid");
        error.Subject.ShouldBe(new ErrorSubject("Deployment", null, null, "api"));
        error.Causes.ShouldBe([new FieldCause("spec.template.spec.containers[0].image", "Required value")]);
    }

    [Fact]
    public void Bulleted_causes_are_each_a_cause()
    {
        var error = Parse(stderr: "invalid-multi.stderr").Errors.Single();
        error.Causes.Select(c => c.Path).ShouldBe(["spec.template.spec.containers[0].image", "spec.template.metadata.labels"]);
        error.Causes[1].Message.ShouldBe("Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`");
    }

    [Fact]
    public void Aggregated_errors_of_a_stream_are_separate_with_bracketed_causes()
    {
        var output = Parse("aggregate.stdout", "aggregate.stderr");
        output.Applied.Single().PrinterKey.ShouldBe("configmap/api-settings");
        output.Errors.Count.ShouldBe(2);
        output.Errors[0].Subject.ShouldBe(new ErrorSubject("Deployment", "apps", null, "api"));
        output.Errors[0].Causes.Select(c => c.Path).ShouldBe(["spec.template.spec.containers[0].image", "spec.template.metadata.labels"]);
        output.Errors[1].Reason.ShouldBe("NotFound");
        output.Errors[1].Subject.ShouldBeNull();
        output.Errors[1].Causes.ShouldBe([new FieldCause("metadata.namespace", "namespace missing does not exist")]);
    }

    [Fact]
    public void Source_prefix_of_client_side_errors_is_skipped()
    {
        var error = Parse(stderr: "client-side-invalid.stderr").Errors.Single();
        error.Subject!.Name.ShouldBe("api");
        error.Causes.Single().Path.ShouldBe("spec.template.spec.containers[0].image");
    }

    [Fact]
    public void Conflict_keeps_its_advice_out_of_the_summary_and_names_the_field()
    {
        var error = Parse(stderr: "conflict.stderr").Errors.Single();
        error.Reason.ShouldBe("Conflict");
        error.Causes.ShouldBe([new FieldCause(".spec.replicas", "conflict with field manager \"kubectl-client-side-apply\"")]);
        error.Summary.ShouldBe("error: Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas");
    }

    [Fact]
    public void Several_conflicts_list_each_field()
    {
        var error = Parse(stderr: "conflicts-multi.stderr").Errors.Single();
        error.Causes.Select(c => c.Path).ShouldBe([".spec.replicas", ".spec.template.spec.containers[name=\"api\"].image"]);
    }

    [Fact]
    public void Missing_crd_names_kind_version_and_object()
    {
        var error = Parse(stderr: "mapping-not-found.stderr").Errors.Single();
        error.Reason.ShouldBe("NoKindMatch");
        error.Subject.ShouldBe(new ErrorSubject("ExternalSecret", "external-secrets.io", "acolhimento", "api-db"));
        error.Causes.Single().Path.ShouldBe("apiVersion");
        error.Text.ShouldEndWith("ensure CRDs are installed first");
    }

    [Fact]
    public void Immutable_field_is_one_cause_despite_commas_in_the_value()
    {
        var error = Parse(stderr: "immutable.stderr").Errors.Single();
        error.Causes.Single().Path.ShouldBe("spec.selector");
        error.Causes.Single().Message.ShouldEndWith("field is immutable");
    }

    [Fact]
    public void Strict_decoding_and_typed_patch_errors_name_the_unknown_field()
    {
        Parse(stderr: "strict-decoding.stderr").Errors.Single().Causes.Single().Path.ShouldBe("spec.template.spec.containers[0].imagePullPolcy");
        var typed = Parse(stderr: "typed-patch.stderr").Errors.Single();
        typed.Subject.ShouldBe(new ErrorSubject("Deployment", "apps", "acolhimento", "api"));
        typed.Causes.Single().ShouldBe(new FieldCause(".spec.template.spec.containers[name=\"api\"].imagePullPolcy", "field not declared in schema"));
    }

    [Fact]
    public void Several_typed_patch_errors_are_each_a_cause_and_a_cluster_scoped_subject_has_no_namespace()
    {
        var error = Parse(stderr: "typed-patch-multi.stderr").Errors.Single();
        error.Reason.ShouldBeNull();
        error.Subject.ShouldBe(new ErrorSubject("PersistentVolume", "", null, "data"));
        error.Causes.ShouldBe(
        [
            new FieldCause(".spec.readOnly", "field not declared in schema"),
            new FieldCause(".spec.capacity.storage", "expected string, got &value.valueUnstructured{Value:5}"),
        ]);
    }

    [Fact]
    public void Forbidden_names_the_resource()
    {
        var error = Parse(stderr: "forbidden-pod.stderr").Errors.Single();
        error.Reason.ShouldBe("Forbidden");
        error.Subject!.Name.ShouldBe("debug");
        error.Causes.ShouldBeEmpty();
    }

    [Fact]
    public void Client_log_lines_are_ignored_and_warnings_kept()
    {
        var output = Parse(stderr: "warnings-and-noise.stderr");
        output.Errors.ShouldBeEmpty();
        output.Warnings.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("\n\n\r\n", "  \n")]
    [InlineData("garbage line\n\u0000\u0001", "")]
    [InlineData("", "something unexpected happened\nwith a second line")]
    [InlineData("deployment.apps/ serverside-applied", "The Deployment \"\" is invalid")]
    [InlineData("", "Error from server (Invalid): Deployment.apps \"x\" is invalid: [")]
    [InlineData("", "error: Apply failed with 3 conflicts: conflicts with \"m\"")]
    public void Hostile_output_never_throws(string stdout, string stderr)
    {
        var output = KubectlOutputParser.Parse(stdout, stderr);
        (output.Applied.Count + output.Errors.Count + output.Warnings.Count + output.Unrecognized.Count).ShouldBeLessThanOrEqualTo(4);
    }

    [Fact]
    public void Unexpected_text_is_kept_as_an_error_not_dropped()
    {
        var output = KubectlOutputParser.Parse("", "something unexpected happened\nwith a second line");
        output.Errors.Single().Summary.ShouldBe("something unexpected happened with a second line");
    }

    [Fact]
    public void Huge_output_is_parsed_in_one_pass()
    {
        var stdout = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"configmap/c{i} serverside-applied (server dry run)\n"));
        var stderr = string.Concat(Enumerable.Range(0, 5_000).Select(i => $"Warning: w{i}\n")) + "error: " + new string('x', 200_000);
        var output = KubectlOutputParser.Parse(stdout, stderr);
        output.Applied.Count.ShouldBe(20_000);
        output.Warnings.Count.ShouldBe(5_000);
        output.Errors.Single().Text.Length.ShouldBe(200_007);
    }
}
