using System.Text.Json;
using AlatauPay.Application.Chains;

namespace AlatauPay.Chains.Bitcoin.Rpc;

/// <summary>One reply of a call or of a batch: a result, or the node's error. Valid only inside the read callback.</summary>
internal readonly record struct RpcReply(string Method, JsonElement Result, RpcError? Error)
{
    /// <summary>The result; an error the caller did not expect means the node cannot serve the watcher now.</summary>
    public JsonElement ResultOrThrow(string chain) =>
        Error is { } error
            ? throw new ChainUnavailableException($"The {chain} node answered {Method} with error {error.Code}: {error.Message}")
            : Result;

    public static RpcReply Read(string method, JsonElement reply)
    {
        if (reply.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("a reply is not a JSON object");
        }

        if (reply.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var code = error.Required("code").GetInt32();
            var message = error.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString()! : "";
            return new RpcReply(method, default, new RpcError(code, message));
        }

        return new RpcReply(method, reply.Required("result"), null);
    }
}
