BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Prerequisites.ps1')
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
}

Describe 'New-Dx7Cart with the shipped model' {
    It 'makes 32 valid voices, the same for the same seed' {
        $cart = New-Dx7Cart -Seed 1
        $cart | Should -HaveCount 32
        $cart | ForEach-Object { $_.IsValid | Should -BeTrue }
        ((New-Dx7Cart -Seed 1) | ForEach-Object Name) | Should -Be ($cart | ForEach-Object Name)
    }

    It 'is the one-liner that writes a cartridge' {
        $out = Join-Path $TestDrive 'cart.syx'
        New-Dx7Cart -Seed 1 | Export-Syx $out
        (Get-Item $out).Length | Should -Be 4104
        Test-Dx7Voice -Path $out | Where-Object IsValid -eq $false | Should -BeNullOrEmpty
    }
}

Describe 'Screening keeps no copy of a training voice' {
    It 'draws again a voice that sounds as a training voice does, which the raw model hands out at a low temperature' {
        $trained = [NeuralDx7.Model.TrainedModel]::Load([NeuralDx7.Model.TrainedModel]::FindShipped()).TrainingVoices
        $raw = New-Dx7Cart -Seed 5 -Temperature 0.3 -NoScreen
        @($raw | Where-Object { $trained.Contains($_.SoundFingerprint) }).Count | Should -BeGreaterThan 2
        $screened = New-Dx7Cart -Seed 5 -Temperature 0.3 -WarningVariable warnings
        $screened | Should -HaveCount 32
        @($screened | Where-Object { $trained.Contains($_.SoundFingerprint) }).Count | Should -Be 0
        $warnings | Should -BeNullOrEmpty

        $cli = Invoke-Dx7 cart new --seed 5 --temperature 0.3 --out (Join-Path $TestDrive 'cold.syx')
        $cli.ExitCode | Should -Be 0 -Because $cli.Error
        $cli.Error | Should -Match 'copies of training voices drawn again'
        $screened | Export-Syx (Join-Path $TestDrive 'cold-cmdlet.syx')
        [IO.File]::ReadAllBytes((Join-Path $TestDrive 'cold.syx')) | Should -Be ([IO.File]::ReadAllBytes((Join-Path $TestDrive 'cold-cmdlet.syx')))
    }
}

Describe 'Carts to order' -Skip:(-not $HasCorpus) {
    It 'lists the categories it can draw, each with the training voices the model learnt it from' {
        $categories = Get-Dx7Category
        $categories | Should -HaveCount 14
        $categories | ForEach-Object { $_.TrainingVoices | Should -BeGreaterThan 100 -Because $_.Name; $_.CanGenerate | Should -BeTrue }
        # A voice's Category comes from its name, so a cartridge can be filtered by kind.
        (Get-Dx7Voice $Rom1A | Where-Object Category -eq Bass).Name | Should -Be @('BASS    1', 'BASS    2')
        $s = 'New-Dx7Cart -Category Or'
        (TabExpansion2 $s $s.Length).CompletionMatches.CompletionText | Should -Be @('Organ')
    }

    It 'draws a cart of one category, every voice named as that kind or said not to be' {
        $basses = New-Dx7Cart -Category Bass -Count 8 -Seed 3 -Spread 0.5 -WarningVariable warnings -WarningAction SilentlyContinue
        $basses | Should -HaveCount 8
        $basses | ForEach-Object { $_.Category | Should -Be 'Bass' -Because $_.Name }
        $warnings | Should -BeNullOrEmpty
        # At the default spread a slot may run out of draws: the cmdlet then says how many, and that many are not basses.
        $wide = New-Dx7Cart -Category Bass -Count 8 -Seed 3 -WarningVariable warnings -WarningAction SilentlyContinue
        $others = @($wide | Where-Object Category -ne 'Bass')
        $others.Count | Should -BeLessOrEqual 1
        if ($others) { "$warnings" | Should -BeLike "$($others.Count) voice(s) were still named as another kind than bass*" } else { $warnings | Should -BeNullOrEmpty }
    }

    It 'draws a category with the model the shipped folder keeps for categories, and every other cart with its own' {
        $companion = Join-Path ([NeuralDx7.Model.TrainedModel]::FindShipped()) 'by-category'
        $pads = New-Dx7Cart -Category Pad -Count 4 -Seed 2
        ($pads | ForEach-Object SoundFingerprint) | Should -Be (New-Dx7Cart -Model $companion -Category Pad -Count 4 -Seed 2 | ForEach-Object SoundFingerprint)
        $pads | ForEach-Object { $_.Source | Should -Be 'dx7-vae/by-category seed 2' }
        (New-Dx7Cart -Count 4 -Seed 2 | ForEach-Object SoundFingerprint) | Should -Not -Be (New-Dx7Cart -Model $companion -Count 4 -Seed 2 | ForEach-Object SoundFingerprint)
        # Both front ends say which model draws them.
        (Get-Dx7Category -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -BeLike 'Carts of a kind are drawn by dx7-vae/by-category (*by-category).'
        (Invoke-Dx7 categories).Error | Should -Match 'carts of a kind are drawn by dx7-vae/by-category'
    }

    It 'draws voices like piped ones: nearer them in latent space than voices from the prior' {
        $epiano = Get-Dx7Voice $Rom1A -Index 10 | Get-Dx7Latent
        function Distance($voices) {
            ($voices | Get-Dx7Latent | ForEach-Object {
                $code = $_
                [math]::Sqrt((0..7 | ForEach-Object { [math]::Pow($code.Unit[$_] - $epiano.Unit[$_], 2) } | Measure-Object -Sum).Sum)
            } | Measure-Object -Average).Average
        }
        $like = Get-Dx7Voice $Rom1A -Index 10 | New-Dx7Cart -Count 16 -Seed 4
        $like | Should -HaveCount 16
        $like | ForEach-Object { $_.SoundsLike($epiano.Voice) | Should -BeFalse -Because 'a voice like another is not its copy' }
        (Distance $like) | Should -BeLessThan ((Distance (New-Dx7Cart -Count 16 -Seed 4)) / 2)
    }

    It 'decodes a latent given as Get-Dx7Latent''s unit numbers, one voice per latent' {
        $unit = (Get-Dx7Voice $Rom1A -Index 10 | Get-Dx7Latent).Unit
        $unit | Should -HaveCount 8
        $unit | ForEach-Object { $_ | Should -BeGreaterOrEqual 0; $_ | Should -BeLessOrEqual 1 }
        $one = New-Dx7Cart -Latent $unit -Temperature 0
        $one | Should -HaveCount 1
        $middle = @(0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5)
        $two = New-Dx7Cart -Latent $unit, $middle -Temperature 0
        $two | Should -HaveCount 2
        $two[0].Equals($one) | Should -BeTrue
        $two[1].SoundFingerprint | Should -Not -Be $one.SoundFingerprint
    }
}

Describe 'Latent space' -Skip:(-not $HasCorpus) {
    It 'interpolates between two voices in the asked number of steps' {
        $a = Get-Dx7Voice $Rom1A -Index 0
        $b = Get-Dx7Voice $Rom1A -Index 10
        $path = New-Dx7Interpolation $a $b -Steps 16 -Method Linear
        $path | Should -HaveCount 16
        $path | ForEach-Object { $_.IsValid | Should -BeTrue }
    }

    It 'varies a voice and encodes voices to latents and their statistics' {
        Get-Dx7Voice $Rom1A -Index 10 | New-Dx7Variation -Count 8 -Spread 0.5 -Seed 2 | Should -HaveCount 8
        $latents = Get-Dx7Voice $Rom1A | Get-Dx7Latent
        $latents | Should -HaveCount 32
        $statistics = $latents | Measure-Dx7Latent -Path (Join-Path $TestDrive 'stats.json')
        $statistics.Count | Should -Be 32
        $statistics.Deviations[0] | Should -BeGreaterOrEqual $statistics.Deviations[-1]
        Test-Path (Join-Path $TestDrive 'stats.json') | Should -BeTrue
    }

    It 'measures uniqueness' {
        $result = Measure-Dx7Uniqueness -Samples 200
        $result.Valid | Should -Be 1
        $result.Unique | Should -BeGreaterThan 0.9
    }
}

Describe 'Training and evaluating a model' -Skip:(-not $HasCorpus) {
    It 'trains a tiny model, stops, resumes, and evaluates it against the baselines' {
        $model = Join-Path $TestDrive 'tiny'
        $first = Invoke-Dx7Training -Data $Yamaha -OutputPath $model -Config $TinyConfig -Epochs 1
        $first.Cancelled | Should -BeFalse
        Test-Path (Join-Path $model 'model.safetensors') | Should -BeTrue
        $resumed = Invoke-Dx7Training -Data $Yamaha -OutputPath $model -Config $TinyConfig -Epochs 2 -Resume
        $resumed.State.Epoch | Should -BeGreaterOrEqual 1
        $resumed.State.Step | Should -BeGreaterThan $first.State.Step

        $evaluation = Test-Dx7Model -Data $Yamaha -Model $model -Samples 1
        $evaluation.Split | Should -Be 'test'
        $evaluation.Scores.Voices | Should -BeGreaterThan 0
        $evaluation.Scores.BaselineMarginalNll | Should -BeLessThan $evaluation.Scores.BaselineUniformNll
        New-Dx7Cart -Model $model -Seed 3 | Should -HaveCount 32
    }

    It 'fine-tunes a trained model into one whose decoder reads the category, from both front ends' {
        $model = Join-Path $TestDrive 'tiny-plain'
        $null = Invoke-Dx7Training -Data $Yamaha -OutputPath $model -Config $TinyAutoregressiveConfig -Epochs 1
        $byCategory = Join-Path $TestDrive 'tiny-by-category'
        $verbose = Invoke-Dx7Training -Data $Yamaha -OutputPath $byCategory -Config $TinyByCategoryConfig -StartFrom $model -Epochs 1 -LearningRate 0.001 -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -BeLike "*starting from the weights of $model; new: decoder.category.weight*"
        (Get-Content (Join-Path $byCategory 'config.json') -Raw | ConvertFrom-Json).model.byCategory | Should -BeTrue
        New-Dx7Cart -Model $byCategory -Seed 3 -NoScreen | Should -HaveCount 32

        $cli = Invoke-Dx7 train --data $Yamaha --out (Join-Path $TestDrive 'tiny-by-category-cli') --config $TinyByCategoryConfig --start-from $model --epochs 1 --learning-rate 0.001
        $cli.ExitCode | Should -Be 0 -Because $cli.Error
        $cli.Error | Should -BeLike "*new: decoder.category.weight*"
        [IO.File]::ReadAllBytes((Join-Path $TestDrive 'tiny-by-category-cli/model.safetensors')) | Should -Be ([IO.File]::ReadAllBytes((Join-Path $byCategory 'model.safetensors')))

        # The other way round would lose the category table: refused, naming it.
        $cli = Invoke-Dx7 train --data $Yamaha --out (Join-Path $TestDrive 'never') --config $TinyAutoregressiveConfig --start-from $byCategory --epochs 1
        $cli.ExitCode | Should -Not -Be 0
        $cli.Error | Should -BeLike '*decoder.category.weight has no place in a model of*'
        { New-Dx7Cart -Model $model -Category Bass -CategoryStrength 2 -ErrorAction Stop } |
            Should -Throw "-CategoryStrength needs a model whose decoder reads the category; $model draws a category from its region of the latent alone."
        { Invoke-Dx7Training -Data $Yamaha -OutputPath (Join-Path $TestDrive 'nowhere-run') -Epochs 1 -StartFrom (Join-Path $TestDrive 'nowhere') -ErrorAction Stop } |
            Should -Throw '-StartFrom * is not a model folder: it holds no model.safetensors.'
    }
}

Describe 'Long work runs on a worker; everything it writes comes out on the pipeline thread' -Skip:(-not $HasCorpus) {
    It 'Invoke-Dx7Training shows progress and verbose messages in a hosted runspace' {
        $ps = New-ModuleRunspace
        $null = $ps.AddCommand('Invoke-Dx7Training').AddParameters(@{
                Data = $Yamaha; OutputPath = (Join-Path $TestDrive 'hosted'); Config = $TinyConfig; Epochs = 1; Verbose = $true })
        $output = $ps.Invoke()
        $ps.Streams.Error.Count | Should -Be 0 -Because "$($ps.Streams.Error[0])"
        $ps.HadErrors | Should -BeFalse
        $output | Should -HaveCount 1
        $output[0].Cancelled | Should -BeFalse
        @($ps.Streams.Progress | Where-Object Activity -eq 'Training').Count | Should -BeGreaterThan 0
        ($ps.Streams.Verbose.Message -join "`n") | Should -Match 'training and \d+ validation voices'
        $ps.Dispose()
    }

    It 'Test-Dx7Model reads a folder and evaluates with progress in a hosted runspace' {
        $ps = New-ModuleRunspace
        $null = $ps.AddCommand('Test-Dx7Model').AddParameters(@{ Data = $Yamaha; Samples = 1 })
        $output = $ps.Invoke()
        $ps.Streams.Error.Count | Should -Be 0 -Because "$($ps.Streams.Error[0])"
        $output | Should -HaveCount 1
        $output[0].Scores.Voices | Should -BeGreaterThan 0
        @($ps.Streams.Progress | Where-Object Activity -eq 'Evaluating').Count | Should -BeGreaterThan 0
        $ps.Dispose()
    }

    It 'stops on Stop() (Ctrl+C), saves the model and a checkpoint to resume, and leaves no temporary file' {
        $folder = Join-Path $TestDrive 'stopped'
        $ps = New-ModuleRunspace
        $null = $ps.AddCommand('Invoke-Dx7Training').AddParameters(@{ Data = $Yamaha; OutputPath = $folder; Config = $TinyConfig; Minutes = 30 })
        $handle = $ps.BeginInvoke()
        $deadline = (Get-Date).AddMinutes(2)
        while ($ps.Streams.Progress.Count -eq 0 -and -not $handle.IsCompleted -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
        $ps.Streams.Progress.Count | Should -BeGreaterThan 0 -Because 'training reports progress while it runs'
        $ps.Stop()
        $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        $ps.Streams.Error.Count | Should -Be 0 -Because "$($ps.Streams.Error[0])"
        Test-Path (Join-Path $folder 'model.safetensors') | Should -BeTrue
        Test-Path (Join-Path $folder 'checkpoint.safetensors') | Should -BeTrue
        Get-ChildItem $folder -Force -Filter '*.tmp' | Should -BeNullOrEmpty
        $ps.Dispose()

        $resumed = Invoke-Dx7Training -Data $Yamaha -OutputPath $folder -Config $TinyConfig -Epochs 1 -Resume
        $resumed.Cancelled | Should -BeFalse
    }
}
