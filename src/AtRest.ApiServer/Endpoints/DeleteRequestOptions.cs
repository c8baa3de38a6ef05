using System.Globalization;
using System.Text.Json;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Http;
using AtRest.ApiServer.Validation;
using AtRest.Kubernetes;
using AtRest.Kubernetes.Model;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Endpoints;

/// <summary>
/// The <c>DeleteOptions</c> of a DELETE, from its body (JSON, YAML or protobuf: kubectl 1.27+ puts <c>dryRun</c> there)
/// or, without a body, from the query, validated as apimachinery's <c>ValidateDeleteOptions</c> does.
/// </summary>
/// <param name="DryRun">Everything but the write.</param>
/// <param name="Preconditions">The uid / resourceVersion the object must still have.</param>
/// <param name="IgnoreStoreReadError">Remove the stored value even though no provider can read it.</param>
internal sealed record DeleteRequestOptions(bool DryRun, DeletePreconditions Preconditions, bool IgnoreStoreReadError)
{
    private const string Kind = "DeleteOptions";
    private const string IgnoreField = "ignoreStoreReadErrorWithClusterBreakingPotential";

    /// <summary>
    /// Reads and validates the options. kube-apiserver reads the query only when there is no body; here a dry run asked
    /// for in either place is honoured (and both are validated), so that no combination makes a dry run write.
    /// </summary>
    public static async Task<DeleteRequestOptions> ReadAsync(HttpRequest request)
    {
        var query = FromQuery(request.Query);
        var body = await RequestBody.ReadBytesAsync(request).ConfigureAwait(false);
        var options = body.Length == 0 ? query : FromBody(request, body);
        var errors = Validate(options);
        if (!ReferenceEquals(options, query))
        {
            errors.AddRange(Validate(query).Where(e => e.Field == "dryRun"));
        }

        if (errors.Count > 0)
        {
            throw ApiErrors.InvalidOptions(Kind, errors);
        }

        var preconditions = options.HasPreconditions
            ? new DeletePreconditions(options.PreconditionUid, options.PreconditionResourceVersion)
            : DeletePreconditions.None;
        return new DeleteRequestOptions(
            options.DryRun.Count > 0 || query.DryRun.Count > 0, preconditions, options.IgnoreStoreReadErrorWithClusterBreakingPotential == true);
    }

    /// <summary>Refuses <c>ignoreStoreReadErrorWithClusterBreakingPotential</c> on a DELETECOLLECTION, as kube-apiserver does.</summary>
    public void RefuseForCollection()
    {
        if (IgnoreStoreReadError)
        {
            throw ApiErrors.InvalidOptions(Kind,
                [FieldError.Invalid(IgnoreField, true, "is not allowed with DELETECOLLECTION, try again after removing the option")]);
        }
    }

    // apimachinery ValidateDeleteOptions (with the 1.32 checks of ignoreStoreReadErrorWithClusterBreakingPotential).
    private static List<FieldError> Validate(DeleteOptions o)
    {
        var errors = new List<FieldError>();
        var policy = o.PropagationPolicy;
        if (o.OrphanDependents is not null && policy is not null)
        {
            errors.Add(new FieldError(FieldErrorType.Invalid, "propagationPolicy", FieldError.GoQuote(policy),
                "orphanDependents and deletionPropagation cannot be both set", ValueIsGoSyntax: true));
        }

        if (policy is not null and not ("Foreground" or "Background" or "Orphan"))
        {
            errors.Add(FieldError.NotSupported("propagationPolicy", FieldError.GoQuote(policy), "Foreground", "Background", "Orphan", "nil"));
        }

        errors.AddRange(DryRunRules.Validate(o.DryRun));
        if (o.IgnoreStoreReadErrorWithClusterBreakingPotential == true)
        {
            void Refuse(bool set, string other)
            {
                if (set)
                {
                    errors.Add(FieldError.Invalid(IgnoreField, true, $"cannot be set together with .{other}"));
                }
            }

            Refuse(o.DryRun.Count > 0, "dryRun");
            Refuse(policy is not null, "propagationPolicy");
            Refuse(o.OrphanDependents is not null, "orphanDependents");
            Refuse(o.GracePeriodSeconds is not null, "gracePeriodSeconds");
            Refuse(o.HasPreconditions, "preconditions");
        }

        return errors;
    }

    private static DeleteOptions FromQuery(IQueryCollection query)
    {
        var options = new DeleteOptions();
        foreach (var value in query["dryRun"])
        {
            options.DryRun.Add(value ?? "");
        }

        if (Last(query, "gracePeriodSeconds") is { } grace)
        {
            options.GracePeriodSeconds = long.TryParse(grace, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
                ? seconds
                : throw ApiErrors.BadRequest($"strconv.ParseInt: parsing {ApiErrors.Quote(grace)}: invalid syntax");
        }

        options.OrphanDependents = Bool(query, "orphanDependents");
        options.PropagationPolicy = Last(query, "propagationPolicy");
        options.IgnoreStoreReadErrorWithClusterBreakingPotential = Bool(query, IgnoreField);
        return options;
    }

    private static string? Last(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;

    // Go's strconv.ParseBool, which the query parameter codec uses.
    private static bool? Bool(IQueryCollection query, string name) => Last(query, name) switch
    {
        null => null,
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        var other => throw ApiErrors.BadRequest($"strconv.ParseBool: parsing {ApiErrors.Quote(other)}: invalid syntax"),
    };

    private static DeleteOptions FromBody(HttpRequest request, byte[] body)
    {
        var mediaType = RequestBody.MediaType(request);
        try
        {
            return mediaType switch
            {
                "application/vnd.kubernetes.protobuf" => KubernetesObjectCodec.DecodeDeleteOptionsProtobuf(body),
                "application/yaml" => FromJson(KubernetesObjectCodec.YamlToJsonBytes(body)),
                "" or "application/json" => FromJson(body),
                _ => throw ApiErrors.UnsupportedMediaType(request.ContentType ?? "", RequestBody.Accepted),
            };
        }
        catch (Exception e) when (e is KubernetesProtobufException or KubernetesJsonException or JsonException)
        {
            throw ApiErrors.BadRequest($"{Kind} cannot be decoded: {e.Message}");
        }
    }

    private static DeleteOptions FromJson(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Mismatch(root, "", "v1.DeleteOptions");
        }

        var options = new DeleteOptions();
        foreach (var p in root.EnumerateObject())
        {
            var v = p.Value;
            if (v.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            switch (p.Name)
            {
                case "kind":
                    var kind = Expect(v, JsonValueKind.String, p.Name, "string").GetString();
                    if (kind is not (Kind or ""))
                    {
                        throw ApiErrors.BadRequest($"{Kind} cannot be decoded: the body is a {ApiErrors.Quote(kind ?? "")}, not a {Kind}");
                    }

                    break;
                case "dryRun":
                    foreach (var item in Expect(v, JsonValueKind.Array, p.Name, "[]string").EnumerateArray())
                    {
                        options.DryRun.Add(Expect(item, JsonValueKind.String, p.Name, "string").GetString()!);
                    }

                    break;
                case "gracePeriodSeconds":
                    options.GracePeriodSeconds = Expect(v, JsonValueKind.Number, p.Name, "int64").TryGetInt64(out var seconds)
                        ? seconds
                        : throw Mismatch(v, p.Name, "int64");
                    break;
                case "orphanDependents":
                    options.OrphanDependents = Boolean(v, p.Name);
                    break;
                case "propagationPolicy":
                    options.PropagationPolicy = Expect(v, JsonValueKind.String, p.Name, "v1.DeletionPropagation").GetString();
                    break;
                case IgnoreField:
                    options.IgnoreStoreReadErrorWithClusterBreakingPotential = Boolean(v, p.Name);
                    break;
                case "preconditions":
                    options.HasPreconditions = true;
                    foreach (var c in Expect(v, JsonValueKind.Object, p.Name, "v1.Preconditions").EnumerateObject())
                    {
                        if (c.Value.ValueKind == JsonValueKind.Null)
                        {
                            continue;
                        }

                        if (c.Name == "uid")
                        {
                            options.PreconditionUid = Expect(c.Value, JsonValueKind.String, "preconditions.uid", "types.UID").GetString();
                        }
                        else if (c.Name == "resourceVersion")
                        {
                            options.PreconditionResourceVersion = Expect(c.Value, JsonValueKind.String, "preconditions.resourceVersion", "string").GetString();
                        }
                    }

                    break;
            }
        }

        return options;
    }

    private static bool Boolean(JsonElement v, string field) => v.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Mismatch(v, field, "bool"),
    };

    private static JsonElement Expect(JsonElement v, JsonValueKind kind, string field, string goType) =>
        v.ValueKind == kind ? v : throw Mismatch(v, field, goType);

    // encoding/json's UnmarshalTypeError text, which kube-apiserver returns for a body field of the wrong type.
    private static ApiException Mismatch(JsonElement v, string field, string goType)
    {
        var jsonType = v.ValueKind switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "bool",
            JsonValueKind.Array => "array",
            _ => "object",
        };
        var where = field.Length == 0 ? " into Go value" : $" into Go struct field DeleteOptions.{field}";
        return ApiErrors.BadRequest($"{Kind} cannot be decoded: json: cannot unmarshal {jsonType}{where} of type {goType}");
    }
}
