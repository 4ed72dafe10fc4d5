using NeuralDx7.Voice;

namespace NeuralDx7.Tests.Core;

public class ParameterTableTests
{
    [Fact]
    public void The_table_has_155_parameters_in_VCED_order_with_unique_names()
    {
        var all = Dx7Parameters.All;
        Assert.Equal(155, all.Count);
        Assert.All(all, p => Assert.Equal(p, all[p.Index]));
        Assert.Equal(all.Count, all.Select(p => p.Name).Distinct().Count());
    }

    [Theory]
    [InlineData(0, "OP6 EG Rate 1", 0, 99)]
    [InlineData(11, "OP6 Left Curve", 0, 3)]
    [InlineData(13, "OP6 Rate Scaling", 0, 7)]
    [InlineData(20, "OP6 Detune", 0, 14)]
    [InlineData(105 + 16, "OP1 Output Level", 0, 99)]
    [InlineData(105 + 18, "OP1 Frequency Coarse", 0, 31)]
    [InlineData(126, "Pitch EG Rate 1", 0, 99)]
    [InlineData(134, "Algorithm", 0, 31)]
    [InlineData(135, "Feedback", 0, 7)]
    [InlineData(142, "LFO Wave", 0, 5)]
    [InlineData(143, "Pitch Mod Sensitivity", 0, 7)]
    [InlineData(144, "Transpose", 0, 48)]
    [InlineData(145, "Name Character 1", 32, 127)]
    public void Offsets_names_and_ranges_follow_the_data_sheet(int index, string name, int min, int max)
    {
        var p = Dx7Parameters.All[index];
        Assert.Equal(name, p.Name);
        Assert.Equal(min, p.Min);
        Assert.Equal(max, p.Max);
    }

    [Theory]
    [InlineData(8, 39, "C3")] // break point 39 is C3
    [InlineData(8, 0, "A-1")]
    [InlineData(144, 24, "C3")] // transpose 24 is no transpose
    [InlineData(144, 0, "C1")]
    [InlineData(144, 48, "C5")]
    [InlineData(11, 2, "+EXP")]
    [InlineData(142, 5, "Sample & Hold")]
    [InlineData(134, 0, "1")]
    [InlineData(20, 0, "-7")]
    [InlineData(20, 14, "+7")]
    [InlineData(17, 1, "Fixed")]
    [InlineData(0, 120, "120")] // out of range shows the raw number
    public void Values_are_shown_as_the_front_panel_shows_them(int index, int value, string shown) =>
        Assert.Equal(shown, Dx7Parameters.All[index].Format(value));

    [Theory]
    [InlineData(OscillatorMode.Ratio, 1, 0, "1.00")]
    [InlineData(OscillatorMode.Ratio, 0, 0, "0.50")]
    [InlineData(OscillatorMode.Ratio, 0, 50, "0.75")]
    [InlineData(OscillatorMode.Ratio, 3, 50, "4.50")]
    [InlineData(OscillatorMode.Fixed, 0, 0, "1.000 Hz")]
    [InlineData(OscillatorMode.Fixed, 2, 0, "100.0 Hz")]
    [InlineData(OscillatorMode.Fixed, 3, 0, "1000 Hz")]
    [InlineData(OscillatorMode.Fixed, 5, 0, "10.00 Hz")] // coarse counts modulo 4 in fixed mode
    public void Frequencies_read_as_ratios_or_hertz(OscillatorMode mode, int coarse, int fine, string shown) =>
        Assert.Equal(shown, new OscillatorFrequency(mode, coarse, fine, 7).Display);
}
