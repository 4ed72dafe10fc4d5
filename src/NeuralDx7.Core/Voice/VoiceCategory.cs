namespace NeuralDx7.Voice;

/// <summary>What kind of sound a voice is, in the words patch librarians file DX7 voices under.</summary>
public enum VoiceCategory
{
    Bass,
    Brass,
    Strings,
    Piano,
    ElectricPiano,
    Organ,
    Pad,
    Lead,
    Bell,
    Pluck,
    Wind,
    Choir,
    Percussion,
    Effect,
}

/// <summary>
/// A voice's category read from its name, by rules: the words and abbreviations DX7 programmers use (BASS, E.PIANO,
/// STRNGS, TRMPT, GTR...), tried most specific first, so BASSOON is a wind, COW BELL percussion and HARPSICH a piano.
/// A name that says nothing of its sound (INIT VOICE, ANALOG 3, JAMACA) has none.
/// </summary>
public static class VoiceCategories
{
    // In order: the first rule with a word that the name holds decides. A word ending in '*' matches as a prefix of a
    // word of the name; others match a whole word, or anywhere in the name once spaces and punctuation are gone when
    // they are marked with a leading '~' (compounds like SYNBRASS, EPIANO, STEELDRUM).
    private static readonly (VoiceCategory Category, string[] Words)[] Rules =
    [
        (VoiceCategory.Effect, ["FX", "SFX", "EFFECT*", "EXPLOS*", "ZAP*", "LASER*", "THUNDER*", "SIREN*", "UFO", "HELICOP*", "TAKE OFF", "~TAKEOFF",
            "RAIN", "SPLASH*", "ALARM*", "BOMB*", "GUNSHOT*", "ROBOT*", "NOISE*", "WIND", "WAVES", "STORM*", "SEASHORE", "BIRD*", "DOG*",
            "TRAIN*", "JET*", "ENGINE*", "PHONE*", "TELEPHON*", "CLOCK*", "SCREAM*", "EFX", "LAZER*", "SCRATCH*"]),
        (VoiceCategory.ElectricPiano, ["~EPIANO", "~E.PIANO", "~EPNO", "~ELPIANO", "~ELECPIANO", "~ELECTRICPIANO", "EP", "RHODES*", "WURLI*", "TINE*",
            "SUITCASE*", "~DXPIANO", "~FMPIANO", "~ELECGRAND", "~E.GRAND", "~EGRAND", "~CP70", "~CP80", "RHDS", "~E.PNO", "~ELPNO"]),
        (VoiceCategory.Piano, ["PIANO*", "PNO", "PIA", "GRAND*", "CLAV*", "CLAVINET*", "HARPSI*", "HRPSCD*", "CEMBALO*", "HONKY*", "KEYS*",
            "UPRIGHT*", "SPINET*", "~TOYPIANO", "*PIANO", "PF", "PIAN", "GNDPNO", "~GRANDPNO", "STEINWAY*", "BOSENDORF*"]),
        (VoiceCategory.Organ, ["ORGAN*", "ORG", "ORGN*", "PIPE", "PIPES", "HAMMOND*", "B3", "LESLIE*", "CALLIOPE*", "CHURCH*", "DRAWBAR*",
            "FARFISA*", "VOX CONT*", "COMBO*", "REGAL*", "CATHEDRAL*", "*ORGAN", "CALIOPE*"]),
        (VoiceCategory.Percussion, ["~COWBELL", "~STEELDRUM", "~STEELDRM", "~LOGDRUM", "DRUM*", "DRM*", "SNARE*", "KICK*", "TOM", "TOMS", "TOMTOM*",
            "~TOMTOM", "TIMPANI*", "TIMP", "CONGA*", "BONGO*", "TAMB*", "CLAP*", "HIHAT*", "~HIHAT", "HAT", "CYMBAL*", "CYMB*", "PERC*", "SIMMONS*",
            "~WOODBLOCK", "BLOCK*", "CLAVES", "GONG*", "TABLA*", "SHAKER*", "CASTANET*", "TRIANGLE*", "AGOGO*", "TIMBALE*", "KIT", "CRASH*", "SNR", "SIMM*", "SIMSNAR*", "~SYNDRUM", "~SYNPERC", "PRC", "BD", "KODO*", "LOG", "*DRUM"]),
        (VoiceCategory.Wind, ["FLUTE*", "FLT", "FLUT*", "SAX*", "OBOE*", "CLARINET*", "CLARI*", "CLAR", "BASSOON*", "FAGOT*", "PICCOLO*", "RECORDER*",
            "PAN", "PANFLUTE*", "~PANPIPE", "SHAKU*", "WHISTLE*", "HARMONICA*", "HARMONICA", "HARP*NICA", "BAGPIPE*", "OCARINA*", "BOTTLE*",
            "ACCORD*", "BANDONEON*", "MUSETTE*", "REED*", "ENGLISH HORN", "~ENGLISHHORN", "CORANGLAIS*", "BRETHY*", "BREATH*", "WINDS", "WOODWIND*",
            "FIFE*", "KAZOO*"]),
        (VoiceCategory.Brass, ["BRASS*", "BRS", "BRSS", "~SYNBRASS", "~SYNTHBRASS", "TRUMPET*", "TRUMP*", "TRMPT*", "TRPT*", "TPT*", "HORN*",
            "HRN*", "TROMBONE*", "TBONE*", "BONE", "TUBA*", "FANFARE*", "FLUGEL*", "CORNET*", "BUGLE*", "SYNBRS", "BRAS", "FLUEGEL*", "*BRASS"]),
        (VoiceCategory.Bass, ["BASS*", "BAS", "BS", "~SYNBASS", "~SYNTHBASS", "SLAP*", "FRETLESS*", "FRTLSS*", "~MOOGBASS", "~ACIDBASS", "SUBBASS*",
            "~SUBBASS", "WOODBASS*", "CONTRABASS*", "~UPRIGHTBASS", "*BASS", "SYNTHBS", "~SYNBS"]),
        (VoiceCategory.Strings, ["STRING*", "STRNG*", "STRG*", "STR", "STRS", "VIOLIN*", "VIOLA*", "VIOL*", "CELLO*", "CELLI", "BOWED*", "ORCHESTRA*",
            "ORCH*", "FIDDLE*", "ENSEMBLE*", "ENSMBL*", "SOLINA*", "ARCO*", "SPICCATO*", "TREMOLO*", "STRINGS", "STG", "STGS", "ENS", "BOW"]),
        (VoiceCategory.Choir, ["VOICE*", "VOICES", "VOX", "CHOIR*", "CHORALE*", "AAH*", "OOH*", "HUMAN*", "VOCAL*", "CHANT*", "SOPRANO*", "ALTO",
            "TENOR*", "FEMALE*", "MALE", "SINGER*", "ANGEL*", "ALTVOX", "TENVOX", "~OOOH", "SINGIN*", "*VOX", "*VOICE"]),
        (VoiceCategory.Bell, ["BELL*", "BELLS", "CHIME*", "MARIMBA*", "MARIMB*", "VIBE*", "VIBES", "VIBRAPHON*", "XYLO*", "GLOCK*", "CELEST*", "KALIMBA*",
            "TUB", "~TUBBELL", "~TUBULAR", "MUSICBOX*", "~MUSICBOX", "MALLET*", "GAMELAN*", "CARILLON*", "BALAFON*", "METALLOPHON*", "SANZA*", "MARIM*"]),
        (VoiceCategory.Pluck, ["GUIT*", "GUITAR*", "GTR*", "GIT", "HARP", "HARPS", "HARP*", "SITAR*", "KOTO*", "BANJO*", "MANDOLIN*", "MANDO*",
            "PLUCK*", "PIZZ*", "LUTE*", "DULCIMER*", "SHAMISEN*", "ZITHER*", "UKULELE*", "UKE", "CLAVICHORD*", "HARPSI", "JAZZGUIT*", "~JAZZGUIT",
            "~12STRING", "NYLON*", "STEEL", "ACOUSTIC*", "STRUM*", "BOUZOUKI*", "SAZ", "OUD", "CIMBALOM*", "SANTUR*", "HAMMERED*", "PLUK*", "~GUIT", "SEGOVIA*"]),
        (VoiceCategory.Lead, ["LEAD*", "~SYNLEAD", "~SYNTHLEAD", "SOLO*", "MOOG*", "MINIMOOG*", "SQUARE*", "SAW*", "SAWTOOTH*", "WHISTL*",
            "THEREMIN*", "PORTA*", "LUCKY*"]),
        (VoiceCategory.Pad, ["PAD*", "PADS", "SWEEP*", "WARM*", "ATMOS*", "SPACE*", "ETHER*", "CLOUD*", "MIST*", "DREAM*", "GLASS*", "HALO*", "AMBIENT*",
            "SOUNDSCAPE*", "DRONE*", "WASH*", "POLYSYNTH*", "POLY", "FLOAT*", "HEAVEN*", "COSMIC*", "EVOLV*", "MORPH*", "NEBULA*", "ANALOG PAD*"]),
    ];

    /// <summary>Every category.</summary>
    public static IReadOnlyList<VoiceCategory> All { get; } = Enum.GetValues<VoiceCategory>();

    /// <summary>The name a user types: bass, brass, strings, piano, electric-piano, organ, pad, lead, bell, pluck, wind, choir, percussion, effect.</summary>
    public static string Name(VoiceCategory category) => category switch
    {
        VoiceCategory.ElectricPiano => "electric-piano",
        _ => category.ToString().ToLowerInvariant(),
    };

    /// <summary>The category a user named (any case; "electric-piano", "electricpiano" and "ElectricPiano" alike), or null.</summary>
    public static VoiceCategory? Parse(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        string key = new([.. name.Where(char.IsLetter).Select(char.ToLowerInvariant)]);
        foreach (var category in All)
        {
            if (category.ToString().Equals(key, StringComparison.OrdinalIgnoreCase))
            {
                return category;
            }
        }

        return null;
    }

    /// <summary>The category a voice's name says, or null when it says none.</summary>
    public static VoiceCategory? FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string upper = name.ToUpperInvariant();
        // Words: letters and digits; a dot, dash or other mark separates them (E.PIANO is E and PIANO).
        var words = upper.Split([.. upper.Where(c => !char.IsLetterOrDigit(c)).Distinct()], StringSplitOptions.RemoveEmptyEntries);
        string spaced = string.Join(' ', words);
        string squeezed = new([.. upper.Where(char.IsLetterOrDigit)]);
        if (SaysNothing(words))
        {
            return null;
        }

        foreach (var (category, patterns) in Rules)
        {
            foreach (string pattern in patterns)
            {
                if (Matches(pattern, words, spaced, squeezed, upper))
                {
                    return category;
                }
            }
        }

        return null;
    }

    // INIT VOICE is the DX7's blank voice, and VOICE 12 a number in a bank: neither is a choir.
    private static bool SaysNothing(string[] words) =>
        words.Any(w => w.StartsWith("INIT", StringComparison.Ordinal)) || words.Where(w => !w.All(char.IsDigit)).SequenceEqual(["VOICE"]);

    private static bool Matches(string pattern, string[] words, string spaced, string squeezed, string upper)
    {
        if (pattern[0] == '~')
        {
            string compound = new([.. pattern[1..].Where(char.IsLetterOrDigit)]);
            return squeezed.Contains(compound, StringComparison.Ordinal);
        }

        if (pattern.Contains(' ', StringComparison.Ordinal))
        {
            return (" " + spaced + " ").Contains(" " + pattern.TrimEnd('*') + (pattern.EndsWith('*') ? "" : " "), StringComparison.Ordinal)
                || upper.Contains(pattern.TrimEnd('*'), StringComparison.Ordinal);
        }

        int star = pattern.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return words.Contains(pattern);
        }

        // BASS* matches BASS, BASS1 and BASSLINE but not BASSOON (Wind's rule, tried earlier, took it); HARP*NICA: a prefix and a suffix.
        string prefix = pattern[..star], suffix = pattern[(star + 1)..];
        return words.Any(w => w.StartsWith(prefix, StringComparison.Ordinal) && w.EndsWith(suffix, StringComparison.Ordinal) && w.Length >= prefix.Length + suffix.Length);
    }
}
