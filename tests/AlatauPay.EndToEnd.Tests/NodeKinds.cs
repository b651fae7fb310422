using AlatauPay.Testing;

namespace AlatauPay.EndToEnd.Tests;

public sealed class LitecoinPayments(LitecoinGateway gateway) : PaymentScenarios(gateway), IClassFixture<LitecoinGateway>;

[RequiresBitcoind]
public sealed class BitcoinPayments(BitcoinGateway gateway) : PaymentScenarios(gateway), IClassFixture<BitcoinGateway>;
