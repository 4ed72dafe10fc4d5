BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Prerequisites.ps1')
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
}

Describe 'Send-MidiSysex over the file transport (a dry run)' -Skip:(-not $HasCorpus) {
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

    It 'sends fewer voices than a cartridge as single-voice messages, never a bulk dump padded over the synth''s memories' {
        $out = Join-Path $TestDrive 'two.syx'
        Get-Dx7Voice $Rom1A -Index 0, 1 | Send-MidiSysex -Port $out -Transport file -WarningVariable told -WarningAction SilentlyContinue
        [System.IO.File]::ReadAllBytes($out).Length | Should -Be (2 * 163)
        "$told" | Should -BeLike '2 voices are not a whole cartridge*-AsCartridge*'
        { Get-Dx7Voice $Rom1A -Index 0 | Send-MidiSysex -Port $out -Transport file -ErrorAction Stop } | Should -Throw '*already exists: the file transport writes a new file each time*'
        $out = Join-Path $TestDrive 'padded.syx'
        Get-Dx7Voice $Rom1A -Index 0, 1 | Send-MidiSysex -Port $out -Transport file -AsCartridge
        (Get-Dx7Voice $out | Select-Object -Skip 2 | ForEach-Object Name | Sort-Object -Unique) | Should -Be 'INIT VOICE'
        $whatIf = Invoke-FreshPwsh -Arguments '-Command', "Import-Module '$Manifest'; Get-Dx7Voice '$Rom1A' -Index 0 | Send-MidiSysex -Port '$(Join-Path $TestDrive 'never.syx')' -Transport file -AsCartridge -WhatIf"
        $whatIf.Output | Should -BeLike '*Replace all 32 voice memories*'
        Test-Path (Join-Path $TestDrive 'never.syx') | Should -BeFalse
    }

    It 'writes the file transport''s port where PowerShell is, not where the process started' {
        Push-Location $TestDrive
        try { Get-Dx7Voice $Rom1A -Index 0 | Send-MidiSysex -Port 'here.syx' -Transport file } finally { Pop-Location }
        Test-Path (Join-Path $TestDrive 'here.syx') | Should -BeTrue
    }

    It 'refuses input that is not voices or bytes with an InvalidType error' {
        'not a voice' | Send-MidiSysex -Port (Join-Path $TestDrive 'x.syx') -Transport file -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidType'
    }
}

Describe 'MIDI over JACK' -Skip:(-not ($HasCorpus -and $HasJack)) {
    BeforeAll {
        # Our own unconnected JACK ports stand in for a synth (receives) and a controller (sends).
        $synth = [NeuralDx7.Midi.Transports.JackTransport]::CreateInput()
        $controller = [NeuralDx7.Midi.Transports.JackTransport]::CreateOutput()

        function Receive-Sysex([timespan] $Timeout) {
            $message = $null
            if ($synth.TryReceive([ref] $message, $Timeout, [System.Threading.CancellationToken]::None)) { , $message } else { $null }
        }
    }
    AfterAll {
        $synth, $controller | Where-Object { $_ } | ForEach-Object Dispose
    }

    It 'lists JACK ports as objects, our synth port among the destinations' {
        $ports = Get-MidiPort -Transport jack
        ($ports | Where-Object Name -eq $synth.Source).Direction | Should -Be 'Destination'
        ($ports | Where-Object Name -eq $controller.Destination).Direction | Should -Be 'Source'
    }

    It 'sends a cartridge through Send-MidiSysex that arrives whole' {
        Get-Dx7Voice $Rom1A | Send-MidiSysex -Port $synth.Source -Transport jack
        $received = Receive-Sysex ([timespan]::FromSeconds(5))
        $received | Should -Be ([System.IO.File]::ReadAllBytes($Rom1A))
    }

    It 'names the ports when the one asked for does not exist' {
        { Get-Dx7Voice $Rom1A -Index 0 | Send-MidiSysex -Port 'no such synth' -Transport jack -ErrorAction Stop } | Should -Throw '*no such synth*'
    }

    It 'Start-Dx7Live turns knob moves into voices at the synth, writes its events as objects, and stops on Stop()' {
        $ps = New-ModuleRunspace
        $null = $ps.AddCommand('Start-Dx7Live').AddParameters(@{
                InputPort = $controller.Destination; OutputPort = $synth.Source; Transport = 'jack'; ControllerMap = @(20, 21, 22, 23, 24, 25, 26, 27) })
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $noInput = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $noInput.Complete()   # an open input would keep the pipeline waiting for more
        $handle = $ps.BeginInvoke($noInput, $output)
        try {
            # Move a knob until live mode, once connected and its decoder compiled, answers with a voice.
            $voice = $null
            $deadline = (Get-Date).AddSeconds(30)
            for ($value = 0; -not $voice -and (Get-Date) -lt $deadline -and -not $handle.IsCompleted; $value = ($value + 17) % 128) {
                $controller.Send([byte[]](0xB0, 20, $value))
                $voice = Receive-Sysex ([timespan]::FromMilliseconds(500))
            }
            $ps.Streams.Error.Count | Should -Be 0 -Because "$($ps.Streams.Error[0])"
            $voice.Length | Should -Be 163
            $voice[0..5] | Should -Be @(0xF0, 0x43, 0x00, 0x00, 0x01, 0x1B)
            # The event that says so reaches the output (written on the pipeline thread) moments later.
            $deadline = (Get-Date).AddSeconds(5)
            while ($output.Count -eq 0 -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 50 }
        }
        finally {
            $ps.Stop()
        }

        $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        @($output.ReadAll() | Where-Object { $_.Voice }).Count | Should -BeGreaterThan 0
        $ps.Dispose()
    }

    It 'Start-Dx7Live and live.ps1 stop with an error for a controller that does not exist' {
        { Start-Dx7Live -InputPort 'no such controller' -OutputPort $synth.Source -Transport jack -ErrorAction Stop } | Should -Throw '*no such controller*'
        & (Join-Path $Root 'scripts' 'live.ps1') -InputPort 'no such controller' -OutputPort $synth.Source -Transport jack -ErrorVariable problems 2>$null
        $LASTEXITCODE | Should -Be 1
        "$problems" | Should -Match 'no such controller'
    }
}
