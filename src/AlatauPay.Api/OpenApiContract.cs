using System.Globalization;
using System.Text.Json.Nodes;
using AlatauPay.Api.Auth;
using AlatauPay.Api.Idempotency;
using AlatauPay.Application.Access;
using AlatauPay.Application.Departments;
using AlatauPay.Application.Departments.Create;
using AlatauPay.Domain.Departments;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AlatauPay.Api;

/// <summary>What the generated OpenAPI document says beyond the endpoints' signatures: auth, scopes, Idempotency-Key.</summary>
internal static class OpenApiContract
{
    public static void Describe(OpenApiOptions openApi)
    {
        openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "AlatauPay API";
            document.Info.Description = "Invoices for Alatau City services, paid in crypto and settled into a double-entry ledger.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key: Authorization: Bearer <key>.",
            };
            return Task.CompletedTask;
        });
        openApi.AddOperationTransformer((operation, context, _) =>
        {
            var scope = context.Description.ActionDescriptor.EndpointMetadata.OfType<RequiredScope>().LastOrDefault();
            if (scope is not null)
            {
                operation.Description = scope.Scope == Scopes.Admin
                    ? "Requires the API key scope `admin`."
                    : $"Requires the API key scope `{scope.Scope}` (or `admin`).";
            }

            if (string.Equals(context.Description.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase) && scope is not null)
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = IdempotencyRequest.Header,
                    In = ParameterLocation.Header,
                    Required = true,
                    Description = "1-255 printable ASCII characters; a retry with the same key and request replays the first answer.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyRequest.MaxKeyLength },
                });
            }

            return Task.CompletedTask;
        });
        openApi.AddSchemaTransformer((schema, context, _) =>
        {
            if ((context.JsonTypeInfo.Type == typeof(WalletInput) || context.JsonTypeInfo.Type == typeof(WalletView))
                && schema.Properties is { } properties && properties.ContainsKey("confirmations"))
            {
                properties["confirmations"] = WalletConfirmationsSchema();
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// The answers every <c>/v1</c> operation may give besides its own, declared so that a generated client expects
    /// them: 401 (no or a bad key), 403 (scope or department), 429 (rate limited) and 503 (storage unreachable); a
    /// POST also 400, 409 (Idempotency-Key in flight), 413, 415 and 422 (Idempotency-Key reused). Runs after the
    /// endpoints' own declarations, which it does not repeat.
    /// </summary>
    public static RouteGroupBuilder WithCommonProblems(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            var post = endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods.Contains(HttpMethods.Post) == true;
            var declared = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Select(m => m.StatusCode).ToHashSet();
            int[] statuses = post ? [400, 401, 403, 409, 413, 415, 422, 429, 503] : [401, 403, 429, 503];
            foreach (var status in statuses.Where(declared.Add))
            {
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
            }
        });
        return group;
    }

    /// <summary>The field is a JSON number or one word, which the element type it binds to cannot say.</summary>
    private static OpenApiSchema WalletConfirmationsSchema() => new()
    {
        Description = "EVM wallets only: when a payment is final. A block depth, or \"finalized\" for the node's finalized block; null or absent follows speedPolicy.",
        OneOf =
        [
            new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = WalletConfirmations.MaxDepth.ToString(CultureInfo.InvariantCulture) },
            new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(WalletConfirmations.FinalizedName)] },
            new OpenApiSchema { Type = JsonSchemaType.Null },
        ],
    };
}
