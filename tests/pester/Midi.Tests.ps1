BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    # The JACK tests need a running server (.ci/run starts `jackd -d dummy`); elsewhere they are skipped.
    $script:HasJack = [bool](Get-Command jack_lsp -ErrorAction SilentlyContinue) -and ((& jack_lsp 2>$null) -ne $null)
}

Describe 'Send-MidiSysex over the file transport (a dry run)' {
    It 'sends a cartridge as one bulk dump that reads back to the same voices' {
        $out = Join-Path $TestDrive 'sent.syx'
        Get-Dx7Voice $Rom1A | Send-MidiSysex -Port $out -Transport file
        (Get-Item $out).Length | Should -Be 4104
        (Get-Dx7Voice $out | ForEach-Object Name) | Should -Be (Get-Dx7Voice $Rom1A | ForEach-Object Name)
    }

    It 'sends one voice as a single-voice message on the channel asked' {
        $out = Join-Path $TestDrive 'voice.syx'
        Get-Dx7Voice $Rom1A -Index 3 | Send-MidiSysex -Port $out -Transport file -Channel 5
        $bytes = [System.IO.File]::ReadAllBytes($out)
        $bytes.Length | Should -Be 163
        $bytes[2] | Should -Be 4   # 0x00 + channel - 1
        (Get-Dx7Voice $out).Name | Should -Be 'STRINGS 1'
    }

    It 'sends a .syx file as it is, and -WhatIf sends nothing' {
        $out = Join-Path $TestDrive 'file.syx'
        Send-MidiSysex -Port $out -Path $Rom1A -Transport file -WhatIf
        Test-Path $out | Should -BeFalse
        Send-MidiSysex -Port $out -Path $Rom1A -Transport file
        [System.IO.File]::ReadAllBytes($out) | Should -Be ([System.IO.File]::ReadAllBytes($Rom1A))
    }

    It 'refuses input that is not voices or bytes with an InvalidType error' {
        'not a voice' | Send-MidiSysex -Port (Join-Path $TestDrive 'x.syx') -Transport file -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidType'
    }
}

Describe 'MIDI over JACK' {
    It 'lists JACK ports as objects' -Skip:(-not $HasJack) {
        $ports = Get-MidiPort -Transport jack
        $ports | Should -Not -BeNullOrEmpty
        $ports[0].Name | Should -Not -BeNullOrEmpty
    }

    It 'names the ports when the one asked for does not exist' -Skip:(-not $HasJack) {
        { Get-Dx7Voice $Rom1A -Index 0 | Send-MidiSysex -Port 'no such synth' -Transport jack -ErrorAction Stop } | Should -Throw '*no such synth*'
    }

    It 'Start-Dx7Live and live.ps1 stop with an error for a controller that does not exist' -Skip:(-not $HasJack) {
        { Start-Dx7Live -InputPort 'no such controller' -OutputPort 'no such synth' -Transport jack -ErrorAction Stop } | Should -Throw '*no such*'
        { & (Join-Path $Root 'scripts' 'live.ps1') -InputPort 'no such controller' -OutputPort 'no such synth' -ErrorAction Stop } | Should -Throw
    }
}
