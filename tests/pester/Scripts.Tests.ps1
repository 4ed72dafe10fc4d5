BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Prerequisites.ps1')
    $scriptFiles = @(Get-ChildItem (Join-Path $PSScriptRoot '..' '..' 'scripts') -Filter *.ps1 | ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Scripts = Join-Path $Root 'scripts'
}

Describe 'Every script says what its exit codes mean and sets one: <Name>' -ForEach $scriptFiles {
    It 'has help with a synopsis, an example and its exit codes' {
        $help = Get-Help $Path -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterOrEqual 1
        ($help.alertSet | Out-String) | Should -Match 'Exit codes: 0 '
    }

    It 'ends with an explicit exit code' {
        (Get-Content -Raw $Path).TrimEnd() | Should -Match 'exit 0$'
    }

    It 'restates no default or range of an option it passes on to a cmdlet' {
        # An option the script shares with a module cmdlet it calls belongs to that cmdlet's request: the script
        # declares it bare and passes it on only when its caller gave it.
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$null, [ref]$null)
        $module = @(Get-Command -Module NeuralDx7)
        $called = @($ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true) |
            ForEach-Object { $_.GetCommandName() } | Where-Object { $_ -in $module.Name } | Sort-Object -Unique)
        $shared = @($called | ForEach-Object { (Get-Command $_).Parameters.Keys } | Sort-Object -Unique)
        $restated = foreach ($parameter in $ast.ParamBlock.Parameters) {
            $name = $parameter.Name.VariablePath.UserPath
            if ($name -notin $shared) { continue }
            if ($parameter.DefaultValue) { "-$name defaults to $($parameter.DefaultValue)" }
            foreach ($attribute in $parameter.Attributes.TypeName.Name) {
                if ($attribute -match '^Validate(Range|Set|Count|Length)$') { "-$name has [$attribute]" }
            }
        }
        @($restated) | Should -BeNullOrEmpty -Because "$Name calls $($called -join ', ')"
    }
}

Describe 'scripts' -Skip:(-not $HasCorpus) {
    It 'duplicate-test.ps1 exits 0 when the model passes, 1 when it fails, 2 when it cannot run' {
        $global:LASTEXITCODE = 7
        & (Join-Path $Scripts 'duplicate-test.ps1') -Samples 300 -MinimumUnique 0.9 | Out-Null
        $LASTEXITCODE | Should -Be 0

        # A model with a one-dimensional latent can place voices only along a line: taking each parameter's most
        # likely value (-Temperature 0, passed on as given), many of its samples are alike.
        $line = Join-Path $TestDrive 'line.json'
        @{ heads = 2; headWidth = 8; encoderLayers = 1; decoderLayers = 1; flows = 1; latentSize = 1; conditioningWidth = 4 } |
            ConvertTo-Json | Set-Content -LiteralPath $line -Encoding utf8
        $weak = Join-Path $TestDrive 'weak'
        Invoke-Dx7Training -Data (Join-Path $Yamaha 'DX7 ROM1') -OutputPath $weak -Config $line -Epochs 1 | Out-Null
        $result = & (Join-Path $Scripts 'duplicate-test.ps1') -Samples 300 -Model $weak -Temperature 0 2>$null
        $LASTEXITCODE | Should -Be 1
        $result.Unique | Should -BeLessThan 0.9

        & (Join-Path $Scripts 'duplicate-test.ps1') -Samples 300 -Model (Join-Path $TestDrive 'no-model') 2>$null | Out-Null
        $LASTEXITCODE | Should -Be 2
    }

    It 'evaluate.ps1 writes its figures' {
        $out = Join-Path $TestDrive 'figures.json'
        & (Join-Path $Scripts 'evaluate.ps1') -Data $Yamaha -Samples 1 -OutFile $out | Out-Null
        $LASTEXITCODE | Should -Be 0
        $figures = Get-Content $out | ConvertFrom-Json
        $figures.Split | Should -Be 'test'
        $figures.Scores.Voices | Should -BeGreaterThan 0
    }

    It 'evaluate.ps1 auditions through hexter with -Ear Hexter' -Skip:(-not $HasHexter) {
        $out = Join-Path $TestDrive 'heard.json'
        & (Join-Path $Scripts 'evaluate.ps1') -Data $Corpus -Split Validation -Samples 1 -Audio -AudioSamples 40 -Ear Hexter -OutFile $out | Out-Null
        $LASTEXITCODE | Should -Be 0
        $figures = Get-Content $out | ConvertFrom-Json
        $figures.Audio.Ear | Should -Be 'Hexter'
        $figures.Audio.Samples | Should -Be 40
        $figures.Audio.Prior | Should -Be 'Fitted'
    }

    It 'evaluate.ps1 exits 1 with the reason for a folder that does not exist' {
        & (Join-Path $Scripts 'evaluate.ps1') -Data (Join-Path $TestDrive 'nothing-here') -ErrorVariable problems 2>$null | Out-Null
        $LASTEXITCODE | Should -Be 1
        "$problems" | Should -Match 'nothing-here'
    }

    It 'experiment.ps1 trains, evaluates and tests a model' {
        $model = Join-Path $TestDrive 'experiment'
        & (Join-Path $Scripts 'experiment.ps1') -Data $Yamaha -OutputPath $model -Epochs 1 -Config $TinyConfig | Out-Null
        $LASTEXITCODE | Should -Be 0
        (Get-Content (Join-Path $model 'experiment.json') | ConvertFrom-Json).steps | Should -BeGreaterThan 0
    }

    It 'features.ps1 counts each sound once: ROM1 as .syx, .mid and an editor bank is 64 voices, not 192' {
        $json = Join-Path $TestDrive 'features.json'
        $csv = Join-Path $TestDrive 'features.csv'
        $read = @(Get-ChildItem (Join-Path $Yamaha 'DX7 ROM1') -File | Get-Dx7Voice -ErrorAction SilentlyContinue)
        $read.Count | Should -Be 192 -Because 'the folder holds the same two banks in three formats'
        & (Join-Path $Scripts 'features.ps1') -Path (Join-Path $Yamaha 'DX7 ROM1') -OutFile $json -CsvFile $csv | Out-Null
        $LASTEXITCODE | Should -Be 0
        (Get-Content $json | ConvertFrom-Json).count | Should -Be 64
        (Import-Csv $csv) | Should -HaveCount 64
    }

    It 'interpolate.ps1 writes a 32-voice cartridge between two voices' {
        $out = Join-Path $TestDrive 'morph.syx'
        & (Join-Path $Scripts 'interpolate.ps1') -From "${Rom1A}:0" -To "${Rom1A}:10" -OutFile $out | Out-Null
        $LASTEXITCODE | Should -Be 0
        (Get-Dx7Voice $out) | Should -HaveCount 32
    }
}

Describe 'nightly-cart.ps1 as a scheduler runs it' {
    BeforeAll {
        $nightly = Join-Path $Root 'scripts' 'nightly-cart.ps1'
        $elsewhere = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'cron-cwd')).FullName
        # cron: an empty environment but PATH and HOME, no profile, no prompt, another working directory.
        function Invoke-Nightly([string] $Folder, [int] $Keep) {
            Invoke-FreshPwsh -Clean -WorkingDirectory $elsewhere -Arguments @('-File', $nightly, '-OutputPath', $Folder, '-Keep', $Keep)
        }
        function Get-Carts([string] $Folder) { @(Get-ChildItem $Folder -Filter *.syx | Sort-Object Name | ForEach-Object Name) }
    }

    It 'writes a dated cart and one log line and exits 0; a second run in the same minute exits 1 and overwrites nothing' {
        $folder = Join-Path $TestDrive 'nightly'
        # Both runs take a few seconds: start them early enough in a minute to share it.
        if ((Get-Date).Second -gt 40) { Start-Sleep -Seconds (61 - (Get-Date).Second) }
        $run = Invoke-Nightly $folder 2
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $carts = @(Get-Carts $folder)
        $carts | Should -HaveCount 1
        $carts[0] | Should -Match '^\d{4}-\d{2}-\d{2}-\d{4}\.syx$'
        $cart = Join-Path $folder $carts[0]
        Get-Dx7Voice $cart | Should -HaveCount 32
        $log = Join-Path $folder 'nightly-cart.log'
        @(Get-Content $log) | Should -HaveCount 1
        Get-Content $log | Should -Match ' wrote \d{4}-\d{2}-\d{2}-\d{4}\.syx \(seed \d+\): '
        # A listening page beside the cart, and the index of drops that makes the folder a site.
        # Drawn at New-Dx7Cart's own default temperature: the same voices the cmdlet gives for the logged seed.
        $seed = [ulong]([regex]::Match((Get-Content $log), '\(seed (\d+)\)').Groups[1].Value)
        $expected = Join-Path $TestDrive 'expected.syx'
        New-Dx7Cart -Seed $seed | Export-Syx -Path $expected
        [IO.File]::ReadAllBytes($cart) | Should -Be ([IO.File]::ReadAllBytes($expected)) -Because 'the nightly drop passes no temperature of its own'
        $page = [IO.Path]::ChangeExtension($cart, '.html')
        ([regex]::Matches((Get-Content -Raw $page), '<section class="voice"')).Count | Should -Be 32
        (Get-Content -Raw (Join-Path $folder 'index.html')) | Should -Match ([regex]::Escape("href=""$([IO.Path]::GetFileName($page))"""))

        $before = [IO.File]::ReadAllBytes($cart)
        $stamp = (Get-Item $cart).LastWriteTimeUtc
        $again = Invoke-Nightly $folder 2
        $again.ExitCode | Should -Be 1
        $again.Error | Should -Match 'already exists'
        [IO.File]::ReadAllBytes($cart) | Should -Be $before
        (Get-Item $cart).LastWriteTimeUtc | Should -Be $stamp
        @(Get-Content $log) | Should -HaveCount 2
        @(Get-Content $log)[-1] | Should -Match 'FAILED: .*already exists'
    }

    It '-Keep prunes only its own oldest carts, never a file it did not write' -Skip:(-not $HasCorpus) {
        $folder = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'pruned')).FullName
        # Two carts the log says it wrote long ago, and a user's file that only looks like one.
        $bytes = [IO.File]::ReadAllBytes($Rom1A)   # a copy of the corpus's read-only file would stay read-only
        foreach ($old in '2001-01-01-0000', '2001-01-02-0000') {
            [IO.File]::WriteAllBytes((Join-Path $folder "$old.syx"), $bytes)
            Add-Content (Join-Path $folder 'nightly-cart.log') "2001-01-01T00:00:00.0000000+00:00 wrote $old.syx (seed 1): old"
        }
        [IO.File]::WriteAllBytes((Join-Path $folder '2000-01-01-0000.syx'), $bytes)
        $run = Invoke-Nightly $folder 2
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $carts = Get-Carts $folder
        $carts | Should -Contain '2000-01-01-0000.syx' -Because 'the script did not write it'
        $carts | Should -Not -Contain '2001-01-01-0000.syx' -Because 'it was the oldest of its own beyond -Keep 2'
        $carts | Should -Contain '2001-01-02-0000.syx'
        $carts | Should -HaveCount 3
        @(Get-Content (Join-Path $folder 'nightly-cart.log'))[-1] | Should -Match 'removed 2001-01-01-0000\.syx'
        # The index lists the drops kept, newest first, and not the file the script did not write.
        $index = Get-Content -Raw (Join-Path $folder 'index.html')
        $index | Should -Not -Match '2000-01-01-0000'
        $index | Should -Not -Match '2001-01-01-0000'
        $index.IndexOf($carts[-1]) | Should -BeLessThan $index.IndexOf('2001-01-02-0000.syx')
    }
}
