using AlatauPay.Application.Chains;

namespace AlatauPay.Chains.Bitcoin.Tests;

public sealed class ScriptWatchListTests
{
    private const string P2wpkh = "0014751e76e8199196d454941c45d1b3a323f1433bd6";
    private const string P2wsh = "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262";

    [Fact]
    public void ContainsWhatWasAddedWhateverTheHexCase()
    {
        var list = new ScriptWatchList();

        Assert.True(list.Add(P2wpkh));
        Assert.False(list.Add(P2wpkh.ToUpperInvariant()));
        Assert.True(list.Contains(P2wpkh.ToUpperInvariant()));
        Assert.False(list.Contains(P2wsh));
        Assert.Equal(1, list.Count);
    }

    [Fact]
    public void TellsScriptsThatShareAPrefixApart()
    {
        var list = new ScriptWatchList();
        list.Add(P2wpkh);

        Assert.False(list.Contains(P2wpkh + "00"));
        Assert.False(list.Contains(P2wpkh[..^2]));
        Assert.False(list.Contains(P2wpkh[..^2] + "d7"));
    }

    [Fact]
    public void KeepsLongScriptsAndOtherKeysToo()
    {
        var list = new ScriptWatchList();
        var bare = "41" + new string('a', 130) + "ac";

        list.Add(bare);
        list.Add("0xNotHex");

        Assert.True(list.Contains(bare.ToUpperInvariant()));
        Assert.True(list.Contains("0xnothex"));
        Assert.True(list.Remove(bare));
        Assert.Equal(1, list.Count);
    }
}
