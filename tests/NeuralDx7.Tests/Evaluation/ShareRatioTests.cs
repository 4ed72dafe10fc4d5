using NeuralDx7.Application.Evaluation;

namespace NeuralDx7.Tests.Evaluation;

public sealed class ShareRatioTests
{
    // Expected values from the log method written out by hand: exp(ln(p/q) ± 1.959964 sqrt((1-p)/a + (1-q)/b)).
    [Theory]
    [InlineData(10, 100, 20, 100, 0.246641, 1.013620)]
    [InlineData(0, 64, 6, 23, 0, 0.515340)] // no hits: from 0 to where half a hit would reach
    [InlineData(44, 384, 33, 138, 0.318867, 0.720052)]
    public void The_interval_of_a_ratio_of_shares_is_the_log_method_s(int hits, int voices, int referenceHits, int referenceVoices, double low, double high)
    {
        var range = ShareRatio.Of(hits, voices, referenceHits, referenceVoices)!.Value;
        Assert.Equal(low, range.Low, 5);
        Assert.Equal(high, range.High, 5);
    }

    [Fact]
    public void More_voices_narrow_the_interval_around_the_same_ratio()
    {
        var few = ShareRatio.Of(3, 20, 6, 20)!.Value;
        var many = ShareRatio.Of(30, 200, 60, 200)!.Value;
        Assert.InRange(0.5, many.Low, many.High);
        Assert.True(many.High - many.Low < (few.High - few.Low) / 2, $"{few} against {many}");
    }

    [Fact]
    public void No_voices_on_either_side_or_no_reference_hits_give_no_interval()
    {
        Assert.Null(ShareRatio.Of(0, 0, 5, 10));
        Assert.Null(ShareRatio.Of(5, 10, 0, 0));
        Assert.Null(ShareRatio.Of(5, 10, 0, 10));
    }
}
