using System.Globalization;
using System.Numerics;
using System.Text;
using Nethereum.Util;

namespace AlatauPay.Testing;

/// <summary>Just enough ABI encoding for the tests to call the contracts: static words, strings and address arrays.</summary>
public static class Abi
{
    public static string Selector(string signature) =>
        Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash(Encoding.UTF8.GetBytes(signature)), 0, 4);

    /// <summary>Calldata for <paramref name="signature"/> with static arguments (addresses, numbers, bytes32).</summary>
    public static string Call(string signature, params object[] arguments) => "0x" + Selector(signature) + Encode(arguments);

    public static string Encode(params object[] arguments)
    {
        var head = new StringBuilder();
        var tail = new StringBuilder();
        foreach (var argument in arguments)
        {
            switch (argument)
            {
                case string text when text.StartsWith("0x", StringComparison.Ordinal) && text.Length == 42:
                    head.Append(text[2..].ToLowerInvariant().PadLeft(64, '0'));
                    break;
                case byte[] { Length: 32 } word:
                    head.Append(Convert.ToHexStringLower(word));
                    break;
                case string text:
                    head.Append(Word(arguments.Length * 32 + tail.Length / 2));
                    var bytes = Encoding.UTF8.GetBytes(text);
                    tail.Append(Word(bytes.Length)).Append(Convert.ToHexStringLower(bytes).PadRight((bytes.Length + 31) / 32 * 64, '0'));
                    break;
                case string[] addresses:
                    head.Append(Word(arguments.Length * 32 + tail.Length / 2));
                    tail.Append(Word(addresses.Length));
                    foreach (var address in addresses)
                    {
                        tail.Append(address[2..].ToLowerInvariant().PadLeft(64, '0'));
                    }

                    break;
                case BigInteger number:
                    head.Append(Word(number));
                    break;
                case int number:
                    head.Append(Word(number));
                    break;
                case long number:
                    head.Append(Word(number));
                    break;
                default:
                    throw new ArgumentException($"Cannot encode {argument.GetType()}.", nameof(arguments));
            }
        }

        return head.Append(tail).ToString();
    }

    public static string Word(BigInteger value) => value.ToString("x64", CultureInfo.InvariantCulture)[^64..];

    public static string Address(string returnData) => Nethereum.Util.AddressUtil.Current.ConvertToChecksumAddress("0x" + returnData[^40..]);

    public static BigInteger Number(string returnData) =>
        BigInteger.Parse("0" + returnData[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
