using System.Text;
using AlatauPay.Domain.Invoices;
using Nethereum.Util;

namespace AlatauPay.Chains.Ethereum;

/// <summary>
/// The CREATE2 address of an invoice's forwarder, computed offline exactly as <c>ForwarderFactory.computeAddress</c>
/// does on chain: <c>keccak256(0xff ‖ factory ‖ salt ‖ keccak256(initCode))[12:]</c>, where
/// <c>salt = keccak256(abi.encode(invoiceKey, treasury))</c> and <c>invoiceKey = keccak256(utf8(invoiceId))</c>.
/// </summary>
/// <remarks>
/// The clone's init code embeds the forwarder implementation, which the factory creates in its constructor as
/// its first contract, so its address is the CREATE address of the factory at nonce 1 (EIP-161) and
/// everything follows from the factory's address alone.
/// </remarks>
public sealed class ForwarderAddresses
{
    private static readonly byte[] CloneCreationPrefix = Convert.FromHexString("3d603380600a3d3981f3" + "36600557005b" + "363d3d373d3d3d363d73");
    private static readonly byte[] CloneSuffix = Convert.FromHexString("5af43d82803e903d91603157fd5bf3");

    private readonly byte[] factory;

    public ForwarderAddresses(string factoryAddress)
    {
        ArgumentNullException.ThrowIfNull(factoryAddress);
        if (!EthereumAddress.IsWellFormed(factoryAddress))
        {
            throw new ArgumentException("The factory is not an address.", nameof(factoryAddress));
        }

        Factory = EthereumAddress.Checksum(factoryAddress);
        factory = EthereumAddress.Bytes(factoryAddress);
        Implementation = EthereumAddress.Checksum(CreateAddress(factory, nonce: 1));
        InitCodeHash = Keccak([.. CloneCreationPrefix, .. EthereumAddress.Bytes(Implementation), .. CloneSuffix]);
    }

    public string Factory { get; }

    /// <summary>The forwarder code every clone delegates to.</summary>
    public string Implementation { get; }

    /// <summary>keccak256 of the clone's creation code; the same for every forwarder of this factory.</summary>
    public byte[] InitCodeHash { get; }

    /// <summary>The key an invoice is known by on chain: keccak256 of its id's UTF-8 text.</summary>
    public static byte[] InvoiceKey(InvoiceId invoice) => Keccak(Encoding.UTF8.GetBytes(invoice.Value));

    public static byte[] Salt(byte[] invoiceKey, string treasury)
    {
        ArgumentNullException.ThrowIfNull(invoiceKey);
        var encoded = new byte[64];
        invoiceKey.CopyTo(encoded, 0);
        EthereumAddress.Bytes(treasury).CopyTo(encoded, 44);
        return Keccak(encoded);
    }

    /// <summary>The checksummed address of the forwarder of <paramref name="invoice"/> bound to <paramref name="treasury"/>.</summary>
    public string AddressOf(InvoiceId invoice, string treasury) => AddressOf(InvoiceKey(invoice), treasury);

    public string AddressOf(byte[] invoiceKey, string treasury)
    {
        var preimage = new byte[1 + 20 + 32 + 32];
        preimage[0] = 0xff;
        factory.CopyTo(preimage, 1);
        Salt(invoiceKey, treasury).CopyTo(preimage, 21);
        InitCodeHash.CopyTo(preimage, 53);
        return EthereumAddress.Checksum(Keccak(preimage).AsSpan(12));
    }

    /// <summary>The address CREATE gives the contract made by <paramref name="creator"/> at a nonce below 128.</summary>
    private static byte[] CreateAddress(byte[] creator, byte nonce)
    {
        // RLP of [creator, nonce]: a list of 22 bytes, the 20-byte string, then the nonce as one byte.
        byte[] rlp = [0xd6, 0x94, .. creator, nonce];
        return Keccak(rlp)[12..];
    }

    private static byte[] Keccak(byte[] data) => Sha3Keccack.Current.CalculateHash(data);
}
