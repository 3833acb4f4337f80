using System.Net;
using System.Text.Json.Nodes;
using Acolhimento.Validation.Live;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Live;

/// <summary>How the API server's answers (the hand-written Status bodies of <c>Fixtures/api</c>) become causes and warnings.</summary>
[Trait("Category", "Unit")]
public sealed class ApiStatusTests
{
    private static ApiStatus Status(string fixture, HttpStatusCode code = HttpStatusCode.UnprocessableEntity) =>
        ApiStatus.From(new ApiResponse(ApiOutcome.Answered, code, FakeApiServer.Status(fixture), []));

    [Fact]
    public void Invalid_status_causes_keep_their_field_message_and_reason()
    {
        var status = Status("invalid-multi.status");
        status.Code.ShouldBe(422);
        status.Reason.ShouldBe("Invalid");
        status.Causes.ShouldBe([
            new StatusCause("spec.selector", "Required value", "FieldValueRequired"),
            new StatusCause("spec.template.metadata.labels", "Invalid value: {\"app\":\"api\"}: `selector` does not match template `labels`", "FieldValueInvalid"),
        ]);
        // Without details, the message alone says the same (the aggregate's "[e1, e2]").
        StatusMessages.FieldErrors(status.Message).ShouldBe(status.Causes);
    }

    [Fact]
    public void A_conflict_names_the_field_another_manager_owns()
    {
        var status = Status("conflict.status", HttpStatusCode.Conflict);
        status.Reason.ShouldBe("Conflict");
        status.Causes.ShouldBe([new StatusCause(".spec.ports[port=80,protocol=\"TCP\"].targetPort", "conflict with \"kubectl-client-side-apply\" using v1", "FieldManagerConflict")]);
    }

    [Fact]
    public void Typed_patch_errors_without_causes_are_read_from_the_message()
    {
        Status("typed-patch.status", HttpStatusCode.InternalServerError).Causes.ShouldBe([
            new StatusCause(".spec.template.spec.containers[name=\"api\"].imagePullPolcy", "field not declared in schema", "FieldValueInvalid")]);
        // Several typed-patch errors come as structured-merge-diff's "errors:" list, one per line (its ValidationErrors format).
        StatusMessages.Causes("failed to create typed patch object (a/b; /v1, Kind=ConfigMap): errors:\n  .data.x: expected string, got &value.valueUnstructured{Value:5}\n  .binaryDatum: field not declared in schema")
            .Select(c => c.Field).ShouldBe([".data.x", ".binaryDatum"]);
    }

    [Fact]
    public void Strict_decoding_errors_name_each_unknown_and_duplicate_field()
    {
        var status = ApiStatus.From(new ApiResponse(ApiOutcome.Answered, HttpStatusCode.BadRequest,
            """{"kind":"Status","status":"Failure","message":"Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.replica\", duplicate field \"metadata.name\"","reason":"BadRequest","code":400}""", []));
        status.Causes.Select(c => (c.Field, c.Message)).ShouldBe([("spec.replica", "unknown field"), ("metadata.name", "duplicate field")]);
    }

    [Fact]
    public void A_duplicate_key_refused_by_strict_yaml_decoding_is_found_in_the_object()
    {
        // The apply patch is decoded strictly (sigs.k8s.io/yaml over go-yaml): kube-apiserver v1.35.3 answered 400
        // "error strict decoding YAML: … key "a" already set in map" for a mapping that wrote `a` twice.
        var status = ApiStatus.From(new ApiResponse(ApiOutcome.Answered, HttpStatusCode.BadRequest,
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  line 9: key \"a\" already set in map","reason":"BadRequest","code":400}""", []));
        var cause = status.Causes.ShouldHaveSingleItem();
        cause.Search.ShouldBe(new ValueSearch(ValueSearchKind.DuplicateKey, "a"));
        var body = (YamlMapping)YamlReader.Read("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  b: \"1\"\n  a: \"2\"\n  a: \"3\"\n").Documents[0].Root!;
        UnnamedValues.Find(cause.Search!, body, null)!.ToString().ShouldBe("data.a");
    }

    [Theory]
    [InlineData("Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal number 2147483648 into Go struct field Probe.spec.template.spec.containers.livenessProbe.failureThreshold of type int32",
        "spec.template.spec.containers.livenessProbe.failureThreshold", "cannot unmarshal number 2147483648 into a field of type int32")]
    [InlineData("ServiceAccount in version \"v1\" cannot be handled as a ServiceAccount: json: cannot unmarshal string into Go struct field ServiceAccount.automountServiceAccountToken of type bool",
        "automountServiceAccountToken", "cannot unmarshal string into a field of type bool")]
    public void Go_type_errors_name_the_field_without_list_indexes(string message, string field, string text) =>
        StatusMessages.Causes(message).ShouldBe([new StatusCause(field, text, "FieldValueTypeInvalid")]);

    [Fact]
    public void A_missing_namespace_is_a_cause_at_the_namespace()
    {
        Status("namespace-not-found.status", HttpStatusCode.NotFound).Causes.ShouldBe([new StatusCause("metadata.namespace", "namespace acolhimento does not exist", "NotFound")]);
    }

    [Fact]
    public void Pod_security_refusal_has_no_field_but_keeps_the_whole_message()
    {
        var status = Status("podsecurity-forbidden.status", HttpStatusCode.Forbidden);
        status.Reason.ShouldBe("Forbidden");
        status.Causes.ShouldBeEmpty();
        status.Message.ShouldStartWith("pods \"api-deployment-pod\" is forbidden: violates PodSecurity \"restricted:latest\"");
    }

    [Theory]
    [InlineData("<html><body>502 Bad Gateway</body></html>", "<html><body>502 Bad Gateway</body></html>")]
    [InlineData("", "HTTP 502 without a body")]
    [InlineData("{not json", "{not json")]
    [InlineData("""{"kind":"Deployment"}""", """{"kind":"Deployment"}""")]
    public void A_body_that_is_not_a_status_is_reported_as_text(string body, string message)
    {
        var status = ApiStatus.From(new ApiResponse(ApiOutcome.Answered, HttpStatusCode.BadGateway, body, []));
        status.Message.ShouldBe(message);
        status.Causes.ShouldBeEmpty();
        status.Code.ShouldBe(502);
    }

    [Theory]
    [InlineData("299 - \"unknown field \\\"spec.foo\\\"\"", "unknown field \"spec.foo\"")]
    [InlineData("299 - \"would violate PodSecurity \\\"restricted:latest\\\": privileged (container \\\"web\\\" must not set securityContext.privileged=true)\"",
        "would violate PodSecurity \"restricted:latest\": privileged (container \"web\" must not set securityContext.privileged=true)")]
    [InlineData("299 kube-apiserver \"batch/v1beta1 CronJob is deprecated\" \"Tue, 01 Dec 2026 10:00:00 GMT\"", "batch/v1beta1 CronJob is deprecated")]
    [InlineData("not a warning value", "not a warning value")]
    public void Warning_header_values_become_their_text(string header, string text) => ApiServer.ParseWarning(header).ShouldBe(text);

    [Fact]
    public void Warnings_come_from_every_warning_header_once_each_in_order()
    {
        var headers = new Dictionary<string, IEnumerable<string>>
        {
            ["Content-Type"] = ["application/json"],
            ["Warning"] = ["299 - \"b\"", "299 - \"a\"", "299 - \"b\""],
        };
        ApiServer.Warnings(headers).ShouldBe(["b", "a"]);
    }
}

/// <summary>Where an immutable-field refusal is located: the field this revision changes, not the field the server names.</summary>
[Trait("Category", "Unit")]
public sealed class ImmutableChangesTests
{
    private const string Sent = """
        spec:
          replicas: 2
          template:
            spec:
              containers:
                - image: postgres:17.3
          volumeClaimTemplates:
            - metadata:
                name: data
              spec:
                resources:
                  requests:
                    storage: 20Gi
        """;

    private static readonly JsonNode Live = JsonNode.Parse("""
        {"spec":{"replicas":1,"podManagementPolicy":"OrderedReady","template":{"spec":{"containers":[{"image":"postgres:17.2"}]}},
         "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"volumeMode":"Filesystem","resources":{"requests":{"storage":"10Gi"}}}}]}}
        """)!;

    private static YamlMapping Body => (YamlMapping)YamlReader.Read(Sent).Documents[0].Root!;

    [Fact]
    public void The_first_change_outside_the_updatable_fields_is_the_place()
    {
        var updatable = ImmutableChanges.Updatable("Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy' and 'minReadySeconds' are forbidden");
        updatable.ShouldBe(["replicas", "ordinals", "template", "updateStrategy", "minReadySeconds"], ignoreOrder: true);
        ImmutableChanges.FirstChange(Body, Live, ObjectPath.Of("spec"), updatable)!.ToString().ShouldBe("spec.volumeClaimTemplates[0].spec.resources.requests.storage");
    }

    [Fact]
    public void Without_updatable_fields_the_first_change_in_source_order_wins_and_defaults_the_server_added_do_not_count()
    {
        ImmutableChanges.FirstChange(Body, Live, ObjectPath.Of("spec"), new HashSet<string>())!.ToString().ShouldBe("spec.replicas");
    }

    [Fact]
    public void No_change_under_the_named_field_leaves_the_cause_where_it_was()
    {
        ImmutableChanges.FirstChange(Body, Live, ObjectPath.Of("spec", "volumeClaimTemplates", 0, "metadata"), new HashSet<string>()).ShouldBeNull();
        ImmutableChanges.FirstChange(Body, Live, ObjectPath.Of("spec", "selector"), new HashSet<string>()).ShouldBeNull();
    }

    [Theory]
    [InlineData("Invalid value: v1.LabelSelector{…}: field is immutable", true)]
    [InlineData("Forbidden: updates to statefulset spec for fields other than 'replicas' are forbidden", true)]
    [InlineData("Required value", false)]
    public void Only_immutability_causes_are_moved(string message, bool concerns) =>
        ImmutableChanges.Concerns(new StatusCause("spec", message)).ShouldBe(concerns);
}
