using NeuralDx7.Voice;

namespace NeuralDx7.Tests.Core;

public class VoiceCategoryTests
{
    [Theory]
    [InlineData("BASS 1", VoiceCategory.Bass)]
    [InlineData("SYN-BASS 2", VoiceCategory.Bass)]
    [InlineData("FUNKBASS", VoiceCategory.Bass)]
    [InlineData("BASSOON", VoiceCategory.Wind)]
    [InlineData("E.PIANO 1", VoiceCategory.ElectricPiano)]
    [InlineData("EPIANO", VoiceCategory.ElectricPiano)]
    [InlineData("HARPSICH 1", VoiceCategory.Piano)]
    [InlineData("COW BELL", VoiceCategory.Percussion)]
    [InlineData("STEELDRUM", VoiceCategory.Percussion)]
    [InlineData("TUB BELLS", VoiceCategory.Bell)]
    [InlineData("SYN-LEAD 1", VoiceCategory.Lead)]
    [InlineData("STRINGS 1", VoiceCategory.Strings)]
    [InlineData("PIPES 9", VoiceCategory.Organ)]
    [InlineData("GUITAR 1", VoiceCategory.Pluck)]
    [InlineData("FLUTE 1", VoiceCategory.Wind)]
    [InlineData("TAKE OFF", VoiceCategory.Effect)]
    [InlineData("MALE VOICE", VoiceCategory.Choir)]
    public void Names_in_the_words_of_DX7_programmers_say_their_category(string name, VoiceCategory expected) =>
        Assert.Equal(expected, VoiceCategories.FromName(name));

    [Theory]
    [InlineData("INIT VOICE")]
    [InlineData("ANALOG 3")]
    [InlineData("JAMACA")]
    [InlineData("VOICE 12")]
    [InlineData("INIT BASS")]
    [InlineData("          ")]
    public void A_name_that_says_nothing_of_its_sound_has_no_category(string name) => Assert.Null(VoiceCategories.FromName(name));

    [Fact]
    public void The_rules_agree_with_a_hand_reading_of_200_corpus_names_on_at_least_95_percent()
    {
        var rows = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Core", "voice-categories.tsv"))
            .Where(line => !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .ToList();
        Assert.Equal(200, rows.Count);
        var wrong = rows.Where(r => (VoiceCategories.FromName(r[0]) is { } c ? VoiceCategories.Name(c) : "-") != r[1]).ToList();
        double precision = 1 - (wrong.Count / (double)rows.Count);
        Assert.True(precision >= 0.95, $"precision {precision:P1}; the rules and the reading differ on: {string.Join(", ", wrong.Select(r => $"{r[0].Trim()} ({r[1]})"))}");
    }

    [Theory]
    [InlineData("bass", VoiceCategory.Bass)]
    [InlineData("Electric-Piano", VoiceCategory.ElectricPiano)]
    [InlineData("electricpiano", VoiceCategory.ElectricPiano)]
    [InlineData("FX", null)]
    [InlineData("7", null)]
    public void A_category_is_named_in_any_case_and_never_by_number(string text, VoiceCategory? expected) =>
        Assert.Equal(expected, VoiceCategories.Parse(text));

    [Fact]
    public void Every_category_round_trips_through_the_name_a_user_types() =>
        Assert.All(VoiceCategories.All, c => Assert.Equal(c, VoiceCategories.Parse(VoiceCategories.Name(c))));
}
