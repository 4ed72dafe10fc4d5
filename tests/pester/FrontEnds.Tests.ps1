BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Prerequisites.ps1')
    # The same request, refused the same way by both front ends: the cmdlet call, the dx7 arguments, and the option both name.
    $refusals = @(
        @{ Cmdlet = { New-Dx7Cart -Temperature -3 }; Cli = @('cart', 'new', '--temperature', '-3'); Option = 'Temperature'; Problem = 'must be a number from 0 to 10, not -3.' }
        @{ Cmdlet = { New-Dx7Cart -Temperature ([double]::NaN) }; Cli = @('cart', 'new', '--temperature', 'NaN'); Option = 'Temperature'; Problem = 'must be a number from 0 to 10, not NaN.' }
        @{ Cmdlet = { Get-Dx7Voice $Rom1A -Index 0 | New-Dx7Variation -Spread 11 }; Cli = @('vary', '{ROM1A}:0', '--spread', '11', '--out', 'never.syx'); Option = 'Spread'; Problem = 'must be a number from 0 to 10, not 11.' }
        @{ Cmdlet = { New-Dx7Interpolation (Get-Dx7Voice $Rom1A -Index 0) (Get-Dx7Voice $Rom1A -Index 1) -Steps 1 }; Cli = @('interpolate', '{ROM1A}:0', '{ROM1A}:1', '--steps', '1', '--out', 'never.syx'); Option = 'Steps'; Problem = 'must be a whole number from 2 to 4096, not 1.' }
        @{ Cmdlet = { Test-Dx7Model -Data $Yamaha -PosteriorSamples 0 }; Cli = @('eval', '--data', '{YAMAHA}', '--posterior-samples', '0'); Option = 'PosteriorSamples'; Problem = 'must be a whole number from 1 to 256, not 0.' }
        @{ Cmdlet = { Start-Dx7Live -InputPort a -OutputPort b -IntervalMs 0 }; Cli = @('live', '--in', 'a', '--out', 'b', '--interval-ms', '0'); Option = 'IntervalMs'; Problem = 'must be a whole number from 1 to 10000, not 0.' }
        @{ Cmdlet = { Start-Dx7Live -InputPort a -OutputPort b -ControllerMap 1, 1 }; Cli = @('live', '--in', 'a', '--out', 'b', '--map', '1,1'); Option = 'ControllerMap'; Problem = 'must be distinct CC numbers 0-127, not 1,1.' }
        @{ Cmdlet = { Measure-Dx7Uniqueness -Samples 0 }; Cli = @('dupes', '--samples', '0'); Option = 'Samples'; Problem = 'must be a whole number from 1 to 1000000, not 0.' }
        @{ Cmdlet = { New-Dx7Cart -Category Bass -Spread 5 }; Cli = @('cart', 'new', '--category', 'bass', '--spread', '5', '--out', 'never.syx'); Option = 'Spread'; Problem = 'must be a number from 0 to 4, not 5.' }
        @{ Cmdlet = { New-Dx7Cart -Latent 0.5, 0.5 }; Cli = @('cart', 'new', '--latent', '0.5,0.5', '--out', 'never.syx'); Option = 'Latent'; Problem = 'must be 8 numbers from 0 to 1, one per latent dimension, not 2.' }
        @{ Cmdlet = { Measure-Dx7Performance Train -BatchSize 0 }; Cli = @('bench', 'train', '--batch-size', '0'); Option = 'BatchSize'; Problem = 'must be a whole number from 1 to 4096, not 0.' }
        @{ Cmdlet = { Invoke-Dx7Training -Data $Yamaha -OutputPath (Join-Path $TestDrive 'never') -Epochs 1 -CategoryDropout 1.5 }; Cli = @('train', '--data', '{YAMAHA}', '--out', 'never', '--epochs', '1', '--category-dropout', '1.5'); Option = 'CategoryDropout'; Problem = 'must be a number from 0 to 1, not 1.5.' }
        @{ Cmdlet = { New-Dx7Cart -Category Bass -CategoryStrength 11 }; Cli = @('cart', 'new', '--category', 'bass', '--category-strength', '11', '--out', 'never.syx'); Option = 'CategoryStrength'; Problem = 'must be a number from 0 to 10, not 11.' }
        @{ Cmdlet = { Update-Dx7Matcher -Data $Yamaha -Epochs 0 }; Cli = @('train-matcher', '--data', '{YAMAHA}', '--epochs', '0'); Option = 'Epochs'; Problem = 'must be a whole number from 1 to 1000, not 0.' }
        @{ Cmdlet = { Import-Dx7Corpus $Yamaha -OutputPath (Join-Path $TestDrive 'never.dx7set') -ValidationPercent 60 -TestPercent 60 }; Cli = @('import', '{YAMAHA}', '--out', 'never.dx7set', '--validation-percent', '60', '--test-percent', '60'); Option = 'TestPercent'; Problem = 'must leave room for the validation share: 60 + 60 is over 100.' }
        @{ Cmdlet = { New-Dx7Cart -TemperatureScale 'Volume=0.5' }; Cli = @('cart', 'new', '--temperature-scale', 'Volume=0.5', '--out', 'never.syx'); Option = 'TemperatureScale'; Problem = "names no DX7 parameter in 'Volume': use a name such as 'EG Level 4' (every operator's), 'OP2 Detune' or 'Feedback'." }
        @{ Cmdlet = { Measure-Dx7Uniqueness -TemperatureScale 'Detune=11' }; Cli = @('dupes', '--temperature-scale', 'Detune=11'); Option = 'TemperatureScale'; Problem = "gives 'Detune' a multiple of 11; it must be from 0 to 10." }
        @{ Cmdlet = { Test-Dx7Model -Data $Yamaha -TopP 0 }; Cli = @('eval', '--data', '{YAMAHA}', '--top-p', '0'); Option = 'TopP'; Problem = 'must be above 0 and at most 1 (a share of the probability), not 0.' }
        @{ Cmdlet = { Measure-Dx7Category -Data $Corpus -Voices 0 }; Cli = @('bench', 'category', '--data', '{CORPUS}', '--voices', '0'); Option = 'Voices'; Problem = 'must be a whole number from 1 to 4096, not 0.' }
        @{ Cmdlet = { Measure-Dx7Category -Data $Corpus -EarVoices 5 }; Cli = @('bench', 'category', '--data', '{CORPUS}', '--ear-voices', '5'); Option = 'EarVoices'; Problem = 'must be a whole number from 10 to 10000, not 5.' }
        @{ Cmdlet = { Measure-Dx7Category -Data $Corpus -CategoryPullLimit -1 }; Cli = @('bench', 'category', '--data', '{CORPUS}', '--category-pull-limit', '-1'); Option = 'CategoryPullLimit'; Problem = 'must be a number from 0 to 1000, not -1.' }
        @{ Cmdlet = { Measure-Dx7Likeness -Data $Corpus -Examples 33 }; Cli = @('bench', 'like', '--data', '{CORPUS}', '--examples', '33'); Option = 'Examples'; Problem = 'must be a whole number from 1 to 32, not 33.' }
        @{ Cmdlet = { Measure-Dx7Likeness -Data $Corpus -Temperature 11 }; Cli = @('bench', 'like', '--data', '{CORPUS}', '--temperature', '11'); Option = 'Temperature'; Problem = 'must be a number from 0 to 10, not 11.' }
        @{ Cmdlet = { New-Dx7Cart -Category Bass -CategoryPullLimit 1001 }; Cli = @('cart', 'new', '--category', 'bass', '--category-pull-limit', '1001', '--out', 'never.syx'); Option = 'CategoryPullLimit'; Problem = 'must be a number from 0 to 1000, not 1001.' }
        @{ Cmdlet = { New-Dx7Cart -Latent 0.5, 0.5, 0.5, 1.5, 0.5, 0.5, 0.5, 0.5 }; Cli = @('cart', 'new', '--latent', '0.5,0.5,0.5,1.5,0.5,0.5,0.5,0.5', '--out', 'never.syx'); Option = 'Latent'; Problem = 'must be numbers from 0 to 1; number 4 is 1.5.' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Temp = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'front-ends')).FullName
}

Describe 'The dx7 tool and the cmdlets make the same voices from the same request' -Skip:(-not $HasCorpus) {
    It 'New-Dx7Cart and dx7 cart new write the same cartridge for a seed' {
        $cli = Invoke-Dx7 cart new --seed 7 --out (Join-Path $Temp 'cli.syx')
        $cli.ExitCode | Should -Be 0 -Because $cli.Error
        New-Dx7Cart -Seed 7 | Export-Syx (Join-Path $Temp 'cmdlet.syx')
        [IO.File]::ReadAllBytes((Join-Path $Temp 'cmdlet.syx')) | Should -Be ([IO.File]::ReadAllBytes((Join-Path $Temp 'cli.syx')))
        # Both name the voices' origin the same way: the model folder and the seed.
        (New-Dx7Cart -Seed 7 -Count 1).Source | Should -Be 'dx7-vae seed 7'
    }

    It 'New-Dx7Cart and dx7 cart new draw the same voices with a temperature scale and a nucleus, and the scale changes the voices' {
        $cli = Invoke-Dx7 cart new --seed 7 --temperature-scale 'EG Level 4=0, Detune=0.5' --top-p 0.95 --out (Join-Path $Temp 'scaled-cli.syx')
        $cli.ExitCode | Should -Be 0 -Because $cli.Error
        New-Dx7Cart -Seed 7 -TemperatureScale 'EG Level 4=0, Detune=0.5' -TopP 0.95 | Export-Syx (Join-Path $Temp 'scaled-cmdlet.syx')
        [IO.File]::ReadAllBytes((Join-Path $Temp 'scaled-cmdlet.syx')) | Should -Be ([IO.File]::ReadAllBytes((Join-Path $Temp 'scaled-cli.syx')))
        New-Dx7Cart -Seed 7 -TemperatureScale none | Export-Syx (Join-Path $Temp 'unscaled.syx')
        [IO.File]::ReadAllBytes((Join-Path $Temp 'unscaled.syx')) | Should -Not -Be ([IO.File]::ReadAllBytes((Join-Path $Temp 'scaled-cli.syx')))
    }

    It 'New-Dx7Cart -Like and dx7 cart new --like make the same voices like given ones, and so do -Category and --category' {
        $cli = Invoke-Dx7 cart new --like "${Rom1A}:0,10" --seed 5 --out (Join-Path $Temp 'like-cli.syx')
        $cli.ExitCode | Should -Be 0 -Because $cli.Error
        $cli.Error | Should -BeLike '*like 2 voices (spread 1)*'
        Get-Dx7Voice $Rom1A -Index 0, 10 | New-Dx7Cart -Seed 5 | Export-Syx (Join-Path $Temp 'like-cmdlet.syx')
        [IO.File]::ReadAllBytes((Join-Path $Temp 'like-cmdlet.syx')) | Should -Be ([IO.File]::ReadAllBytes((Join-Path $Temp 'like-cli.syx')))

        $cli = Invoke-Dx7 cart new --category organ --spread 0.5 --seed 6 --out (Join-Path $Temp 'organ-cli.syx')
        $cli.ExitCode | Should -Be 0 -Because $cli.Error
        New-Dx7Cart -Category Organ -Spread 0.5 -Seed 6 | Export-Syx (Join-Path $Temp 'organ-cmdlet.syx')
        [IO.File]::ReadAllBytes((Join-Path $Temp 'organ-cmdlet.syx')) | Should -Be ([IO.File]::ReadAllBytes((Join-Path $Temp 'organ-cli.syx')))

        # The pull limit: with none, a cart of basses keeps voices the default turns away.
        $cli = Invoke-Dx7 cart new --category bass --category-pull-limit 1000 --seed 11 --out (Join-Path $Temp 'bass-cli.syx')
        $cli.ExitCode | Should -Be 0 -Because $cli.Error
        New-Dx7Cart -Category Bass -CategoryPullLimit 1000 -Seed 11 | Export-Syx (Join-Path $Temp 'bass-cmdlet.syx')
        [IO.File]::ReadAllBytes((Join-Path $Temp 'bass-cmdlet.syx')) | Should -Be ([IO.File]::ReadAllBytes((Join-Path $Temp 'bass-cli.syx')))
        New-Dx7Cart -Category Bass -Seed 11 | Export-Syx (Join-Path $Temp 'bass-limited.syx')
        [IO.File]::ReadAllBytes((Join-Path $Temp 'bass-limited.syx')) | Should -Not -Be ([IO.File]::ReadAllBytes((Join-Path $Temp 'bass-cli.syx')))
    }

    It 'New-Dx7Cart -Like and dx7 cart new --like both say which examples are out of range and draw around the rest' {
        # ROM3B's voice 1 has an operator rate out of range; voice 0 is sound.
        $cli = Invoke-Dx7 cart new --like "${Rom3B}:0,1" --seed 8 --out (Join-Path $Temp 'like-some-cli.syx')
        $cli.ExitCode | Should -Be 0 -Because $cli.Error
        $cli.Error | Should -BeLike "*dx7: warning: voice '*' of $Rom3B (voice 1) is out of range and is left out of the examples*"
        $cli.Error | Should -BeLike '*like 1 voice (spread 1)*'
        $voices = Get-Dx7Voice $Rom3B -Index 0, 1 -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $voices | New-Dx7Cart -Seed 8 -WarningVariable leftOut -WarningAction SilentlyContinue | Export-Syx (Join-Path $Temp 'like-some-cmdlet.syx')
        "$leftOut" | Should -BeLike "voice '$($voices[1].Name.TrimEnd())' of $Rom3B (voice 1) is out of range and is left out of the examples*"
        [IO.File]::ReadAllBytes((Join-Path $Temp 'like-some-cmdlet.syx')) | Should -Be ([IO.File]::ReadAllBytes((Join-Path $Temp 'like-some-cli.syx')))
        { $voices[1] | New-Dx7Cart -ErrorAction Stop } | Should -Throw '-Like holds no valid voice to draw around: all 1 are out of range*'
    }

    It 'New-Dx7Interpolation and dx7 interpolate walk the same path, at a temperature too' {
        $cli = Invoke-Dx7 interpolate "${Rom1A}:0" "${Rom1A}:10" --steps 8 --temperature 0.5 --seed 3 --out (Join-Path $Temp 'path-cli.syx')
        $cli.ExitCode | Should -Be 0 -Because $cli.Error
        New-Dx7Interpolation (Get-Dx7Voice $Rom1A -Index 0) (Get-Dx7Voice $Rom1A -Index 10) -Steps 8 -Temperature 0.5 -Seed 3 |
            Export-Syx (Join-Path $Temp 'path-cmdlet.syx')
        [IO.File]::ReadAllBytes((Join-Path $Temp 'path-cmdlet.syx')) | Should -Be ([IO.File]::ReadAllBytes((Join-Path $Temp 'path-cli.syx')))
    }

    It 'New-Dx7Variation and dx7 vary make the same variations for a seed' {
        $cli = Invoke-Dx7 vary "${Rom1A}:10" --count 8 --spread 0.5 --seed 4 --out (Join-Path $Temp 'vary-cli.syx')
        $cli.ExitCode | Should -Be 0 -Because $cli.Error
        Get-Dx7Voice $Rom1A -Index 10 | New-Dx7Variation -Count 8 -Spread 0.5 -Seed 4 | Export-Syx (Join-Path $Temp 'vary-cmdlet.syx')
        [IO.File]::ReadAllBytes((Join-Path $Temp 'vary-cmdlet.syx')) | Should -Be ([IO.File]::ReadAllBytes((Join-Path $Temp 'vary-cli.syx')))
    }

    It 'Measure-Dx7Uniqueness and dx7 dupes report the same figures' {
        $cli = Invoke-Dx7 dupes --samples 200 --seed 2 --json
        $cli.ExitCode | Should -Be 0 -Because $cli.Error
        $fromCli = $cli.Output | ConvertFrom-Json
        $fromCmdlet = Measure-Dx7Uniqueness -Samples 200 -Seed 2 -WarningAction SilentlyContinue
        $fromCmdlet.Unique | Should -Be $fromCli.unique
        $fromCmdlet.Copies | Should -Be $fromCli.copies
        $fromCmdlet.Prior.ToString() | Should -Be ($fromCli.prior.Substring(0, 1).ToUpper() + $fromCli.prior.Substring(1))
    }

    It 'Measure-Dx7Category and dx7 bench category hear the same figures, for categories named or piped from Get-Dx7Category' {
        $cli = Invoke-Dx7 bench category --data $Corpus --category pad --category bass --voices 6 --ear-voices 20 --seed 3 --json
        $cli.ExitCode | Should -Be 0 -Because $cli.Error
        $fromCli = ($cli.Output | ConvertFrom-Json).categories
        $fromCmdlet = Measure-Dx7Category $Corpus -Category Pad, Bass -Voices 6 -EarVoices 20 -Seed 3
        $fromCmdlet.Category | Should -Be @('bass', 'pad') # in the model's order of categories, as dx7 prints them
        $fromCmdlet.GeneratedHitRate | Should -Be $fromCli.generatedHitRate
        $fromCmdlet.RealHitRate | Should -Be $fromCli.realHitRate
        foreach ($row in $fromCmdlet) {
            # Where the misses went: every new voice was heard as some category, its own share among them.
            ($row.GeneratedHeardAs.Values | Measure-Object -Sum).Sum | Should -BeGreaterThan 0.999
            $row.GeneratedHeardAs[$row.Category] ?? 0 | Should -Be $row.GeneratedHitRate
        }
        $piped = Get-Dx7Category | Where-Object { $_.Category -in 'Pad', 'Bass' } | Measure-Dx7Category -Data $Corpus -Voices 6 -EarVoices 20 -Seed 3
        $piped.GeneratedHitRate | Should -Be $fromCmdlet.GeneratedHitRate
        ($fromCmdlet | Out-String) | Should -Match 'MostMistakenFor'
        ($fromCmdlet | Out-String) | Should -Match 'Ratio \(95%\)'
        # The range each ratio lies in, the same from both front ends (none where no real voice was heard as its kind).
        foreach ($row in $fromCmdlet) {
            $cliRow = $fromCli | Where-Object category -EQ $row.Category
            if ($row.RealHitRate -gt 0) {
                $row.RatioInterval.Low | Should -Be $cliRow.ratioInterval.low
                $row.RatioInterval.High | Should -Be $cliRow.ratioInterval.high
                $row.Ratio | Should -BeGreaterOrEqual $row.RatioInterval.Low
            }
            else {
                $row.RatioInterval | Should -BeNullOrEmpty
                $cliRow.ratioInterval | Should -BeNullOrEmpty
            }
        }
        (Get-Help Measure-Dx7Category -Examples | Out-String) | Should -Match 'Measure-Dx7Category -Data \.\./shared/corpus/dexed-cart-1.0 -Category Pad, Effect'
    }

    It 'Measure-Dx7Likeness and dx7 bench like measure the same voices the same, one object per spread' {
        $cli = Invoke-Dx7 bench like --data $Corpus --trials 2 --examples 2 --spread 0.5 --spread 1 --seed 4 --json
        $cli.ExitCode | Should -Be 0 -Because $cli.Error
        $fromCli = ($cli.Output | ConvertFrom-Json).spreads
        $fromCmdlet = Measure-Dx7Likeness $Corpus -Trials 2 -Examples 2 -Spread 0.5, 1 -Seed 4
        $fromCmdlet.Spread | Should -Be @(0.5, 1)
        $fromCmdlet.NearerRatio | Should -Be $fromCli.nearerRatio
        $fromCmdlet.NearCopiesOfTraining | Should -Be $fromCli.nearCopiesOfTraining
        $fromCmdlet | ForEach-Object { $_.NearerRatio | Should -BeGreaterThan 0 }
        ($fromCmdlet | Out-String) | Should -Match 'NearerRatio'
        (Get-Help Measure-Dx7Likeness -Examples | Out-String) | Should -Match 'Measure-Dx7Likeness -Data \.\./shared/corpus/dexed-cart-1.0'
    }

    It 'Test-Dx7Model and dx7 eval score the same voices the same' {
        $cli = Invoke-Dx7 eval --data $Yamaha --samples 1 --json
        $cli.ExitCode | Should -Be 0 -Because $cli.Error
        $fromCli = $cli.Output | ConvertFrom-Json
        $fromCmdlet = Test-Dx7Model -Data $Yamaha -Samples 1
        $fromCmdlet.Scores.Voices | Should -Be $fromCli.scores.voices
        [math]::Round($fromCmdlet.Scores.Nll, 3) | Should -Be ([math]::Round($fromCli.scores.nll, 3))
        $fromCmdlet.NovelVoices | Should -Be $fromCli.novelVoices
    }
}

Describe 'Every dx7 command has its cmdlet: importing, fitting priors, training the matcher, benchmarks' -Skip:(-not $HasCorpus) {
    BeforeAll {
        # A model small enough to train here, its priors and audio encoder then fitted again by each front end.
        $script:Tiny = Join-Path $Temp 'tiny'
        $null = Invoke-Dx7Training -Data $Yamaha -OutputPath $Tiny -Config $TinyConfig -Epochs 1
    }

    It 'Import-Dx7Corpus and dx7 import write the same data set; folders come from the pipeline; nothing is overwritten without -Force' {
        $cli = Invoke-Dx7 import $Yamaha --out (Join-Path $Temp 'cli.dx7set') --json
        $cli.ExitCode | Should -Be 0 -Because $cli.Error
        $fromCli = $cli.Output | ConvertFrom-Json
        $out = Join-Path $Temp 'cmdlet.dx7set'
        $saved = Get-Item -LiteralPath $Yamaha | Import-Dx7Corpus -OutputPath $out
        $saved | Should -BeOfType NeuralDx7.Corpus.ImportedDataset
        $saved.Path | Should -Be $out
        foreach ($count in 'Files', 'Voices', 'Invalid', 'Distinct', 'Train', 'Validation', 'Test') { $saved.$count | Should -Be $fromCli.($count.ToLowerInvariant()) -Because $count }
        [IO.File]::ReadAllBytes($out) | Should -Be ([IO.File]::ReadAllBytes((Join-Path $Temp 'cli.dx7set')))
        ($saved | Format-Table | Out-String) | Should -Match 'Distinct'

        $before = (Get-Item $out).LastWriteTimeUtc
        { Import-Dx7Corpus $Yamaha -OutputPath $out -ErrorAction Stop } | Should -Throw '*already exists; use -Force*'
        Import-Dx7Corpus $Yamaha -OutputPath $out -TestPercent 0 -WhatIf | Should -BeNullOrEmpty
        (Get-Item $out).LastWriteTimeUtc | Should -Be $before
        (Import-Dx7Corpus $Yamaha -OutputPath $out -TestPercent 0 -Force).Test | Should -Be 0
        Measure-Dx7Performance Dataset -Path $out | ForEach-Object { $_.Voices | Should -Be $saved.Distinct }
    }

    It 'Update-Dx7Prior and dx7 prior fit fit the same priors where a folder lacks them, and refuse a folder that has both' {
        $viaCli = Join-Path $Temp 'prior-cli'
        $viaCmdlet = Join-Path $Temp 'prior-cmdlet'
        foreach ($copy in $viaCli, $viaCmdlet) {
            Copy-Item -LiteralPath $Tiny -Destination $copy -Recurse
            Remove-Item (Join-Path $copy 'latent-prior.json'), (Join-Path $copy 'category-priors.json') -ErrorAction SilentlyContinue
        }

        $cli = Invoke-Dx7 prior fit --model $viaCli --data $Yamaha --json
        $cli.ExitCode | Should -Be 0 -Because $cli.Error
        $fitted = Update-Dx7Prior -Model $viaCmdlet -Data $Yamaha
        $fitted.Components | Should -Be ($cli.Output | ConvertFrom-Json).components
        $fitted.Written | Should -HaveCount 2
        foreach ($file in 'latent-prior.json', 'category-priors.json') {
            Get-Content -Raw (Join-Path $viaCmdlet $file) | Should -Be (Get-Content -Raw (Join-Path $viaCli $file)) -Because $file
        }

        { Update-Dx7Prior -Model $viaCmdlet -Data $Yamaha -ErrorAction Stop } | Should -Throw '*already exists; use -Force*'
        New-Dx7Cart -Model $viaCmdlet -Category Brass -Seed 1 | Should -HaveCount 32
    }

    It 'Update-Dx7Matcher and dx7 train-matcher train the same audio encoder, which Find-Dx7Voice then starts from' {
        $viaCli = Join-Path $Temp 'matcher-cli'
        $viaCmdlet = Join-Path $Temp 'matcher-cmdlet'
        foreach ($copy in $viaCli, $viaCmdlet) { Copy-Item -LiteralPath $Tiny -Destination $copy -Recurse }
        $cli = Invoke-Dx7 train-matcher --model $viaCli --data $Yamaha --epochs 2 --json
        $cli.ExitCode | Should -Be 0 -Because $cli.Error
        $fromCli = $cli.Output | ConvertFrom-Json
        $trained = Update-Dx7Matcher -Model $viaCmdlet -Data $Yamaha -Epochs 2
        $trained.TrainVoices | Should -Be $fromCli.trainVoices
        [math]::Round($trained.ValidationError, 6) | Should -Be ([math]::Round($fromCli.validationError, 6))
        $trained.ValidationError | Should -BeLessThan (2 * $trained.LatentVariance)
        Test-Path (Join-Path $viaCmdlet 'audio-encoder.safetensors') | Should -BeTrue
        { Update-Dx7Matcher -Model $viaCmdlet -Data $Yamaha -Epochs 2 -ErrorAction Stop } | Should -Throw '*already exists; use -Force*'
    }

    It 'Measure-Dx7Performance gives the figures of dx7 bench as objects, one kind per benchmark' {
        $peak = Measure-Dx7Performance Peak
        $peak.GflopsAllCores | Should -BeGreaterThan 0
        $peak.Cores | Should -Be ([Environment]::ProcessorCount)
        $train = Measure-Dx7Performance Train -Config $TinyConfig -Steps 2
        $train | Should -BeOfType NeuralDx7.Application.Benchmarks.TrainFigures
        $train.SamplesPerSecond | Should -BeGreaterThan 0
        $train.Mfu | Should -BeGreaterThan 0
        { Measure-Dx7Performance Dataset -ErrorAction Stop } | Should -Throw '-Path must name the data set file*'
        (Get-Help Measure-Dx7Performance -Examples | Out-String) | Should -Match 'Measure-Dx7Performance Train, Cart, Render'
    }
}

Describe 'Both front ends refuse a request the same way, naming the option as each spells it' -Skip:(-not $HasCorpus) {
    It 'refuses <Cli> as <Option>' -ForEach $refusals {
        $arguments = $Cli | ForEach-Object { $_.Replace('{ROM1A}', $Rom1A).Replace('{YAMAHA}', $Yamaha).Replace('{CORPUS}', $Corpus) }
        Push-Location $Temp
        try { $cli = Invoke-Dx7 @arguments } finally { Pop-Location }
        $cli.ExitCode | Should -Be 2
        $cli.Error.Trim() | Should -Match '^dx7: --[a-z-]+ '
        $cli.Error | Should -BeLike "*$Problem*"
        $failure = $null
        try { & $Cmdlet -ErrorAction Stop | Out-Null } catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        if ($Option) {
            $failure.Exception.Message | Should -Be "-$Option $Problem"
            $cli.Error.Trim() | Should -Be ("dx7: --{0} {1}" -f ($Option -creplace '(?<!^)([A-Z])', '-$1').ToLowerInvariant(), $Problem)
        }
    }

    It 'refuses to start live mode from a voice without the port its knob positions go to' -Skip:(-not $HasCorpus) {
        $cli = Invoke-Dx7 live --in a --out b --knobs-from "${Rom1A}:0"
        $cli.ExitCode | Should -Be 2
        $cli.Error.Trim() | Should -BeLike 'dx7: --knob-port must name the controller*'
        { Start-Dx7Live -InputPort a -OutputPort b -FromVoice (Get-Dx7Voice $Rom1A -Index 0) -ErrorAction Stop } | Should -Throw '-KnobPort must name the controller*'
    }
}
