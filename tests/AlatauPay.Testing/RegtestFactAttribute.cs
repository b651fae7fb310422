using Xunit.Abstractions;
using Xunit.Sdk;

namespace AlatauPay.Testing;

/// <summary>
/// A fact of a scenario shared by every node kind (an abstract test class). It runs like
/// <see cref="FactAttribute"/>, except in a class marked <see cref="RequiresBitcoindAttribute"/> while
/// <c>bitcoind</c> is absent, where it is reported skipped with the reason. Litecoin classes never skip.
/// </summary>
[XunitTestCaseDiscoverer("AlatauPay.Testing.RegtestFactDiscoverer", "AlatauPay.Testing")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class RegtestFactAttribute : FactAttribute;

/// <summary>Marks a test class whose node is <c>bitcoind</c>, so its <see cref="RegtestFactAttribute"/> facts skip without it.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresBitcoindAttribute : Attribute;

public sealed class RegtestFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        new RegtestTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
}

public sealed class RegtestTestCase : XunitTestCase
{
    [Obsolete("For deserialisation by the test runner only.")]
    public RegtestTestCase()
    {
    }

    public RegtestTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method)
        : base(sink, display, options, method)
    {
    }

    protected override string? GetSkipReason(IAttributeInfo factAttribute) =>
        TestMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresBitcoindAttribute)).Any() && !RegtestDaemon.Bitcoin.IsInstalled
            ? RegtestDaemon.Bitcoin.InstallHint
            : base.GetSkipReason(factAttribute);
}
