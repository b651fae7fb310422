namespace AlatauPay.Chains.Bitcoin.Tests;

internal static class Providers
{
    public static BitcoinFamilyPaymentMethodProvider Btc(string? network) =>
        new(BitcoinFamilyChain.Bitcoin, new BitcoinFamilyOptions { Network = network });

    public static BitcoinFamilyPaymentMethodProvider Ltc(string? network) =>
        new(BitcoinFamilyChain.Litecoin, new BitcoinFamilyOptions { Network = network });
}
