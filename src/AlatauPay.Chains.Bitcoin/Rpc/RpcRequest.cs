using System.Buffers;
using System.Text.Json;

namespace AlatauPay.Chains.Bitcoin.Rpc;

/// <summary>One JSON-RPC call; parameters are strings, integers and booleans, which is all the adapter sends.</summary>
internal sealed record RpcRequest(string Method, params object[] Parameters)
{
    /// <summary>The body of one call (an object) or of a batch (an array), ids numbering the calls from 0.</summary>
    public static byte[] Serialize(IReadOnlyList<RpcRequest> requests, bool batch)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (batch)
            {
                writer.WriteStartArray();
            }

            for (var id = 0; id < requests.Count; id++)
            {
                requests[id].Write(writer, id);
            }

            if (batch)
            {
                writer.WriteEndArray();
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void Write(Utf8JsonWriter writer, int id)
    {
        writer.WriteStartObject();
        writer.WriteString("jsonrpc", "1.0");
        writer.WriteNumber("id", id);
        writer.WriteString("method", Method);
        writer.WriteStartArray("params");
        foreach (var parameter in Parameters)
        {
            switch (parameter)
            {
                case string text:
                    writer.WriteStringValue(text);
                    break;
                case bool flag:
                    writer.WriteBooleanValue(flag);
                    break;
                case int number:
                    writer.WriteNumberValue(number);
                    break;
                case long number:
                    writer.WriteNumberValue(number);
                    break;
                default:
                    throw new ArgumentException($"{Method}: parameters of type {parameter?.GetType().Name} are not supported.");
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
