using Lyss.UserGrains.Common;

namespace Lyss.UserGrains.Tests.Common;

public sealed class PlainTextTests
{
    [Theory]
    [InlineData("plain text, émoji 😀", true, true)]
    [InlineData("two\nlines\ttabbed", false, true)]
    [InlineData("nul\0", false, false)]
    [InlineData("bell\u0007", false, false)]
    [InlineData("c1\u0085", false, false)]
    public void Single_line_and_multi_line_text_is_told_apart_from_what_cannot_be_stored(string text, bool singleLine, bool multiLine)
    {
        Assert.Equal(singleLine, PlainText.IsValid(text));
        Assert.Equal(multiLine, PlainText.IsValid(text, multiLine: true));
    }

    [Fact]
    public void Unpaired_surrogates_are_refused_single_line_or_not()
    {
        // Not as InlineData: xUnit serializes theory data as UTF-8, which turns a lone surrogate into U+FFFD.
        foreach (var text in new[] { "lone \ud800 high", "lone \udc00 low", "reversed \udc00\ud800", "end \ud83d" })
        {
            Assert.False(PlainText.IsValid(text));
            Assert.False(PlainText.IsValid(text, multiLine: true));
        }
    }

    [Fact]
    public void Repair_replaces_only_nul_and_unpaired_surrogates_and_cut_keeps_pairs_whole()
    {
        Assert.Equal("a\uFFFDb\uFFFDc😀\uFFFD", PlainText.Repair("a\0b\ud800c😀\udc00"));
        var fine = "kept as is\n";
        Assert.Same(fine, PlainText.Repair(fine));
        Assert.Equal("ab", PlainText.Cut("ab😀", 3));
        Assert.Equal("ab😀", PlainText.Cut("ab😀", 4));
    }
}
