BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Prerequisites.ps1')
    $manifestData = Import-PowerShellDataFile (Join-Path $PSScriptRoot '..' '..' 'NeuralDx7.psd1')
    $exported = @($manifestData.CmdletsToExport | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
}

Describe 'The manifest' {
    It 'passes Test-ModuleManifest with a version, description, project and licence, and tags' {
        $module = Test-ModuleManifest $Manifest
        $module.Version | Should -BeGreaterThan ([version]'0.0')
        $module.Description | Should -Match 'DX7'
        $module.ProjectUri | Should -Not -BeNullOrEmpty
        $module.LicenseUri | Should -Not -BeNullOrEmpty
        $module.Tags | Should -Contain 'DX7'
        Test-Path (Join-Path $Root 'LICENSE') | Should -BeTrue
    }

    It 'exports exactly the cmdlets the module defines, and nothing else' {
        $data = Import-PowerShellDataFile $Manifest
        $module = Get-Module NeuralDx7
        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($data.CmdletsToExport | Sort-Object)
        $module.ExportedFunctions.Count | Should -Be 0
        $module.ExportedAliases.Count | Should -Be 0
        $defined = [System.Reflection.Assembly]::LoadFrom((Join-Path $Root 'module' 'bin' 'NeuralDx7.PowerShell.dll')).GetExportedTypes() |
            Where-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; "$($a.VerbName)-$($a.NounName)" }
        @($defined | Sort-Object) | Should -Be @($data.CmdletsToExport | Sort-Object)
    }

    It 'uses approved verbs only' {
        $approved = (Get-Verb).Verb
        foreach ($name in (Get-Module NeuralDx7).ExportedCmdlets.Keys) { $approved | Should -Contain ($name -split '-')[0] }
    }
}

Describe 'Help that Get-Help finds: <Name>' -ForEach $exported {
    BeforeAll {
        $help = Get-Help $Name -Full
        $command = Get-Command $Name
    }

    It 'has a synopsis in words, not the syntax PowerShell makes up when it finds no help' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "$Name*"
        $help.Synopsis | Should -Match '^[A-Z][a-z]+ .+\.'
    }

    It 'has at least one example with code and a remark' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 1
        foreach ($example in $examples) {
            $example.code | Should -Match $Name
            ($example.remarks | Out-String).Trim() | Should -Not -BeNullOrEmpty
        }
    }

    It 'describes every parameter' {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        foreach ($parameter in $command.Parameters.Keys | Where-Object { $_ -notin $common }) {
            $text = (Get-Help $Name -Parameter $parameter).description | Out-String
            $text.Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name needs a description"
        }
    }
}

Describe 'About help' {
    It 'Get-Help about_NeuralDx7 shows the overview' {
        (Get-Help about_NeuralDx7 | Out-String) | Should -Match 'New-Dx7Cart'
    }
}

Describe 'Tab completion' {
    Context 'model folders' {
        BeforeAll {
            $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'completion' 'models' 'my-model') -Force
            New-Item -ItemType File -Path (Join-Path $folder 'model.safetensors') | Out-Null
            New-Item -ItemType Directory -Path (Join-Path $TestDrive 'completion' 'not-a-model') | Out-Null
            Push-Location (Join-Path $TestDrive 'completion')
        }
        AfterAll { Pop-Location }

        It 'walks down to a folder that holds a model, and offers no other folders' {
            $line = 'New-Dx7Cart -Model '
            $first = (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText
            $first | Should -Be ('models' + [IO.Path]::DirectorySeparatorChar)
            $line = "New-Dx7Cart -Model $first"
            (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Be (Join-Path 'models' 'my-model')
        }

        It 'completes -Model of every cmdlet that takes one' {
            foreach ($name in 'Measure-Dx7Uniqueness', 'Test-Dx7Model', 'Get-Dx7Latent', 'New-Dx7Variation', 'New-Dx7Interpolation', 'Start-Dx7Live') {
                $line = "$name -Model mo"
                (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Be ('models' + [IO.Path]::DirectorySeparatorChar) -Because $name
            }
        }
    }

    Context 'MIDI ports that exist now' -Skip:(-not $HasJack) {
        BeforeAll {
            # Our own JACK ports: one that receives (a synth's input) and one that sends (a controller's output).
            $synth = [NeuralDx7.Midi.Transports.JackTransport]::CreateInput()
            $controller = [NeuralDx7.Midi.Transports.JackTransport]::CreateOutput()
            function Complete([string] $Line) { @((TabExpansion2 $Line $Line.Length).CompletionMatches | ForEach-Object CompletionText) }
        }
        AfterAll {
            $synth, $controller | Where-Object { $_ } | ForEach-Object Dispose
        }

        It 'Send-MidiSysex -Port completes synth ports, not controllers' {
            $names = Complete 'Send-MidiSysex -Transport jack -Port '
            $names | Should -Contain $synth.Source
            $names | Should -Not -Contain $controller.Destination
            # A unique part of the name is enough, as it is for sending.
            Complete "Send-MidiSysex -Port $($synth.Source.Split(':')[0].Substring(20))" | Should -Be $synth.Source
        }

        It 'Start-Dx7Live completes controllers for -InputPort and synths for -OutputPort and -KnobPort' {
            $inputs = Complete 'Start-Dx7Live -InputPort '
            $inputs | Should -Contain $controller.Destination
            $inputs | Should -Not -Contain $synth.Source
            Complete 'Start-Dx7Live -InputPort x -OutputPort ' | Should -Contain $synth.Source
            Complete 'Start-Dx7Live -InputPort x -OutputPort y -KnobPort ' | Should -Not -Contain $controller.Destination
        }
    }
}

Describe 'Installed by name, as a user installs modules' {
    BeforeAll {
        $repository = Join-Path $TestDrive 'repository'
        $home2 = Join-Path $TestDrive 'home'
        New-Item -ItemType Directory -Path $repository, $home2 | Out-Null
        # A new user: another home, and the module path pwsh derives from it rather than this test run's.
        $isolated = @{ HOME = $home2; PSModulePath = $null; XDG_DATA_HOME = $null; XDG_CONFIG_HOME = $null; XDG_CACHE_HOME = $null; NEURALDX7_MODEL = $null }
        $build = Invoke-FreshPwsh -Arguments @('-File', (Join-Path $Root 'build.ps1'), '-Task', 'Package')
    }

    It 'packages, publishes to a repository, installs into a new home, and makes a cart from another folder' {
        $build.ExitCode | Should -Be 0 -Because $build.Output
        $script = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name NeuralDx7Test -Uri '$repository' -Trusted
Publish-PSResource -Path '$(Join-Path $Root 'artifacts' 'NeuralDx7')' -Repository NeuralDx7Test
Install-PSResource NeuralDx7 -Repository NeuralDx7Test -Scope CurrentUser -TrustRepository
(Get-Module NeuralDx7 -ListAvailable).ModuleBase
"@
        # (Publishing writes a NuGet.Config into the working directory: a scratch one.)
        $install = Invoke-FreshPwsh -Arguments @('-Command', $script) -Environment $isolated -WorkingDirectory $home2
        $install.ExitCode | Should -Be 0 -Because $install.Error
        $base = ($install.Output.Trim() -split "`n")[-1].Trim()
        $base | Should -BeLike "$home2*"
        Test-Path (Join-Path $base 'models' 'dx7-vae' 'model.safetensors') | Should -BeTrue

        $elsewhere = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'elsewhere')
        $run = Invoke-FreshPwsh -WorkingDirectory $elsewhere -Environment $isolated -Arguments @(
            '-Command', 'Import-Module NeuralDx7; New-Dx7Cart -Seed 1 | Export-Syx x.syx; (Get-Module NeuralDx7).ModuleBase')
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $run.Output.Trim() | Should -Be $base
        (Get-Item (Join-Path $elsewhere 'x.syx')).Length | Should -Be 4104
        # The installed module's shipped model made the same cart as this clone's.
        $expected = New-Dx7Cart -Seed 1 | ForEach-Object Name
        (Get-Dx7Voice (Join-Path $elsewhere 'x.syx') | ForEach-Object Name) | Should -Be $expected
    }
}
