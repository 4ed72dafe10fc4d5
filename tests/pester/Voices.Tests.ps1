BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Prerequisites.ps1')
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
}

Describe 'Get-Dx7Voice' -Skip:(-not $HasCorpus) {
    It 'reads a factory cartridge into 32 voice objects' {
        $voices = Get-Dx7Voice $Rom1A
        $voices | Should -HaveCount 32
        $voices[0].Name | Should -Be 'BRASS   1'
        $voices[0].Algorithm | Should -Be 22
        $voices[0].Index | Should -Be 0
        $voices[0].Source | Should -Be $Rom1A
        $voices[0].Operators | Should -HaveCount 6
    }

    It 'filters by index and by name pattern' {
        (Get-Dx7Voice $Rom1A -Index 3).Name | Should -Be 'STRINGS 1'
        (Get-Dx7Voice $Rom1A -Name 'E.PIANO*').Algorithm | Should -Be 5
    }

    It 'says so when an index is past the file''s voices, and still gives the ones there' {
        $voices = Get-Dx7Voice $Rom1A -Index 3, 40 -ErrorVariable problem -ErrorAction SilentlyContinue
        $voices.Name | Should -Be 'STRINGS 1'
        $problem | Should -HaveCount 1
        $problem[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problem[0].Exception.Message | Should -Be "$Rom1A holds 32 voice(s), at 0 to 31: there is no voice 40."
    }

    It 'expands wildcards and takes files from Get-ChildItem' {
        (Get-Dx7Voice (Join-Path $Yamaha 'DX7 ROM1' '*.syx')) | Should -HaveCount 64
        (Get-ChildItem (Join-Path $Yamaha 'DX7 ROM2') -Filter *.syx | Get-Dx7Voice) | Should -HaveCount 64
    }

    It 'reads the MIDI file of a cartridge to the same voices' {
        $fromMidi = Get-Dx7Voice ([System.IO.Path]::ChangeExtension($Rom1A, '.mid'))
        ($fromMidi | ForEach-Object Name) | Should -Be ((Get-Dx7Voice $Rom1A) | ForEach-Object Name)
    }

    It 'reports a file that is not DX7 data as an error naming it' {
        $text = Join-Path $TestDrive 'notes.txt'
        Set-Content $text 'not a cartridge'
        $voices = Get-Dx7Voice $text -ErrorVariable problems -ErrorAction SilentlyContinue
        $voices | Should -BeNullOrEmpty
        $problems[0].TargetObject | Should -Be $text
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidData'
    }
}

Describe 'Export-Syx' -Skip:(-not $HasCorpus) {
    It 'writes a factory cartridge back byte for byte' {
        $out = Join-Path $TestDrive 'rom1a.syx'
        Get-Dx7Voice $Rom1A | Export-Syx $out
        (Get-FileHash $out).Hash | Should -Be (Get-FileHash $Rom1A).Hash
    }

    It 'never overwrites without -Force, and -WhatIf writes nothing' {
        $out = Join-Path $TestDrive 'keep.syx'
        Set-Content $out 'precious'
        $failure = $null
        try { Get-Dx7Voice $Rom1A | Export-Syx $out } catch { $failure = $_ }
        $failure.CategoryInfo.Category | Should -Be 'ResourceExists'
        $failure.Exception.Message | Should -BeLike '*keep.syx already exists; use -Force*Nothing was written.'
        Get-Content $out | Should -Be 'precious'
        Get-Dx7Voice $Rom1A | Export-Syx $out -Force -WhatIf
        Get-Content $out | Should -Be 'precious'
        Get-Dx7Voice $Rom1A | Export-Syx $out -Force
        (Get-Item $out).Length | Should -Be 4104
    }

    It 'pads a short cartridge with INIT VOICE and numbers the files of a long one' {
        $short = Join-Path $TestDrive 'short.syx'
        Get-Dx7Voice $Rom1A -Index 0, 1 | Export-Syx $short
        $read = Get-Dx7Voice $short
        $read | Should -HaveCount 32
        $read[2].Name | Should -Be 'INIT VOICE'

        $long = Join-Path $TestDrive 'long.syx'
        $files = Get-Dx7Voice (Join-Path $Yamaha 'DX7 ROM1' '*.syx'), $Rom3B -ErrorAction SilentlyContinue | Export-Syx $long -PassThru
        ($files | ForEach-Object Name) | Should -Be @('long-1.syx', 'long-2.syx', 'long-3.syx')
    }

    It 'writes single-voice messages and MIDI files that read back' {
        $single = Join-Path $TestDrive 'single.syx'
        Get-Dx7Voice $Rom1A -Index 4 | Export-Syx $single -Format Single -Channel 3
        (Get-Item $single).Length | Should -Be 163
        (Get-Dx7Voice $single).Name | Should -Be (Get-Dx7Voice $Rom1A -Index 4).Name

        $midi = Join-Path $TestDrive 'cart.mid'
        Get-Dx7Voice $Rom1A | Export-Syx $midi
        (Get-Dx7Voice $midi) | Should -HaveCount 32
    }
}

Describe 'Test-Dx7Voice and Repair-Dx7Voice' -Skip:(-not $HasCorpus) {
    It 'finds the two out-of-range factory voices of ROM3B and names the parameters' {
        $invalid = Test-Dx7Voice -Path $Rom3B | Where-Object IsValid -eq $false
        ($invalid | ForEach-Object Index) | Should -Be @(1, 14)
        $invalid[0].Violations[0].Parameter.Name | Should -Be 'OP6 EG Rate 1'
    }

    It 'clamps them, lists the changes, and the repaired cartridge validates' {
        $repairs = Get-Dx7Voice $Rom3B | Repair-Dx7Voice
        ($repairs | Where-Object Changed) | Should -HaveCount 2
        $out = Join-Path $TestDrive 'rom3b-fixed.syx'
        $repairs | Export-Syx $out
        Test-Dx7Voice -Path $out | Where-Object IsValid -eq $false | Should -BeNullOrEmpty
    }
}

Describe 'Export-Dx7Audio' -Skip:(-not $HasCorpus) {
    It 'renders a cartridge to 32 WAV files named by voice index, and refuses to overwrite without -Force' {
        $folder = Join-Path $TestDrive 'preview'
        $files = Get-Dx7Voice $Rom1A | Export-Dx7Audio $folder -Hold 0.2 -Release 0.1 -PassThru
        $files | Should -HaveCount 32
        ($files | Select-Object -First 1).Name | Should -Be 'voice00.wav'
        (Get-Item (Join-Path $folder 'voice31.wav')).Length | Should -Be (44 + 2 * [int](0.3 * 44100))

        { Get-Dx7Voice $Rom1A | Export-Dx7Audio $folder -Hold 0.2 -Release 0.1 -ErrorAction Stop } | Should -Throw '*already exists*'
        Get-Dx7Voice $Rom1A | Export-Dx7Audio $folder -Hold 0.2 -Release 0.1 -Force
    }

    It 'writes one voice to a .wav path and shows what it would do with -WhatIf' {
        $wav = Join-Path $TestDrive 'brass.wav'
        Get-Dx7Voice $Rom1A -Index 0 | Export-Dx7Audio $wav -WhatIf
        Test-Path $wav | Should -BeFalse
        Get-Dx7Voice $Rom1A -Index 0 | Export-Dx7Audio $wav -Note 48 -SampleRate 22050
        (Get-Item $wav).Length | Should -Be (44 + 2 * 2 * 22050)
    }
}
