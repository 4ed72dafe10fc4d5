BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Prerequisites.ps1')
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
}

Describe 'Test-Dx7Model -Audio' -Skip:(-not $HasCorpus) {
    It 'auditions through hexter with -Ear Hexter, as its help shows, and completes the ears by tab' -Skip:(-not $HasHexter) {
        $evaluation = Test-Dx7Model -Data $Corpus -Split Validation -Samples 1 -Audio -AudioSamples 60 -Ear Hexter
        $heard = $evaluation.Audio
        $heard.Ear | Should -Be 'Hexter'
        ($evaluation | Out-String) | Should -Match ('real held-out voices: {0:P1} / {1:P1} / {2:P1}; heard by hexter' -f $heard.Real.Sounds, $heard.Real.Stops, $heard.Real.Clipped)
        $heard.Samples | Should -Be 60
        $heard.Real.Sounds | Should -BeGreaterThan 0.9
        $heard.RealFloor.Fd | Should -BeLessThan $heard.Marginals.Fd
        (Get-Help Test-Dx7Model -Examples | Out-String) | Should -Match 'Test-Dx7Model -Data \.\./shared/corpus/dexed-cart-1.0 -Split Validation -Audio -Ear Hexter'
        $line = 'Test-Dx7Model -Data x -Ear '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Sort-Object | Should -Be @('Hexter', 'Ours')
    }
}

Describe 'Export-Dx7Report' -Skip:(-not $HasCorpus) {
    It 'writes a listening page for a new cart from the pipeline, and keeps an existing one without -Force' {
        $page = Join-Path $TestDrive 'today.html'
        New-Dx7Cart -Seed 4 | Export-Dx7Report $page
        $html = Get-Content -Raw $page
        ([regex]::Matches($html, '<section class="voice"')).Count | Should -Be 32
        ([regex]::Matches($html, '<audio ')).Count | Should -Be 32
        $html | Should -Match 'from dx7-vae seed 4'
        $html | Should -Not -Match '<script'
        (Get-Item $page).Length | Should -BeLessThan 4MB

        $failure = $null
        try { New-Dx7Cart -Seed 5 -Count 2 | Export-Dx7Report $page } catch { $failure = $_ }
        $failure.CategoryInfo.Category | Should -Be 'ResourceExists'
        (Get-Content -Raw $page) | Should -Be $html
    }

    It 'plays each voice at the notes asked and shows the nearest training voice when given the training data' {
        $page = Join-Path $TestDrive 'rom1a.html'
        Get-Dx7Voice $Rom1A | Export-Dx7Report $page -Notes 48, 72 -TrainingData (Join-Path $Yamaha 'DX7 ROM1') -Title 'ROM1A' -PassThru |
            ForEach-Object Name | Should -Be 'rom1a.html'
        $html = Get-Content -Raw $page
        ([regex]::Matches($html, '<audio ')).Count | Should -Be 64
        $html | Should -Match '<h1>ROM1A</h1>'
        $html | Should -Match 'Nearest training voice: BRASS   1, 0 of 145 parameters differ \(a copy\)'
    }
}

Describe 'Find-Dx7Voice' -Skip:(-not $HasCorpus) {
    BeforeAll {
        $target = Join-Path $TestDrive 'epiano.wav'
        Get-Dx7Voice $Rom1A -Index 10 | Export-Dx7Audio $target
    }

    It 'finds a voice for a recorded note that pipes on to Export-Syx, with its distance' {
        $voice = Find-Dx7Voice $target -Evaluations 96 -WarningAction SilentlyContinue
        $voice.Distance | Should -BeGreaterThan 0
        $voice.Note | Should -Be 60
        $voice.IsValid | Should -BeTrue
        $voice | Export-Syx (Join-Path $TestDrive 'found.syx') -Format Single
        (Get-Item (Join-Path $TestDrive 'found.syx')).Length | Should -Be 163
        (Find-Dx7Voice $target -Evaluations 96 -WarningAction SilentlyContinue).Name | Should -Be $voice.Name
    }

    It 'hears the training voices themselves with -Library, and refuses data the encoder was not trained on' {
        $withLibrary = Find-Dx7Voice $target -Evaluations 300 -Library $Corpus -WarningAction SilentlyContinue
        $withLibrary.IsValid | Should -BeTrue
        $withLibrary.Evaluations | Should -BeLessOrEqual 300 # never past the budget
        $withLibrary.Evaluations | Should -BeGreaterThan 280  # the 24 proposals, 96 library voices (to 40% of it), then the search
        $failure = $null
        try { Find-Dx7Voice $target -Evaluations 300 -Library (Split-Path $Rom1A) -ErrorAction Stop } catch { $failure = $_ }
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.Exception.Message | Should -Match '-Library must be the data the audio encoder'
    }

    It 'listens through hexter with -Ear Hexter, and completes the ears by tab' -Skip:(-not $HasHexter) {
        $found = Find-Dx7Voice $target -Evaluations 120 -Ear Hexter -WarningAction SilentlyContinue
        $found.IsValid | Should -BeTrue
        $found.Evaluations | Should -Be 120
        $found.Distance | Should -BeGreaterThan 0 # hexter's E.PIANO 1 is not our engine's: the target is ours
        $line = "Find-Dx7Voice $target -Ear "
        $ears = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $ears | Should -Contain 'Ours'
        $ears | Should -Contain 'Hexter'
        $ears.Count | Should -Be 2
    }

    It 'refuses a file that is not a recording of one note with one error record' {
        $failure = $null
        try { Find-Dx7Voice $Rom1A -ErrorAction Stop } catch { $failure = $_ }
        $failure.CategoryInfo.Category | Should -Be 'InvalidData'
        $failure.Exception.Message | Should -Match 'not a WAV file'
        $failure = $null
        try { Find-Dx7Voice (Join-Path $TestDrive 'missing.wav') -ErrorAction Stop } catch { $failure = $_ }
        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
