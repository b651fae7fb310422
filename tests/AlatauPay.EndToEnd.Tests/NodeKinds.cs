using AlatauPay.Testing;

namespace AlatauPay.EndToEnd.Tests;

public sealed class LitecoinPayments(LitecoinGateway gateway) : PaymentScenarios(gateway), IClassFixture<LitecoinGateway>;

[RequiresBitcoind]
public sealed class BitcoinPayments(BitcoinGateway gateway) : PaymentScenarios(gateway), IClassFixture<BitcoinGateway>;

/// <summary>Every scenario again with the gateway on PostgreSQL, its watcher under a lease and its writes fenced.</summary>
public sealed class LitecoinPaymentsOnPostgres(LitecoinOnPostgresGateway gateway) : PaymentScenarios(gateway), IClassFixture<LitecoinOnPostgresGateway>;
