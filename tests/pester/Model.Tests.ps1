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

Describe 'Latent space' {
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

Describe 'Training and evaluating a model' {
    It 'trains a tiny model, stops, resumes, and evaluates it against the baselines' {
        $model = Join-Path $TestDrive 'tiny'
        $first = Invoke-Dx7Training -Data $Yamaha -OutputPath $model -Config $TinyConfig -Epochs 1
        $first.Cancelled | Should -BeFalse
        Test-Path (Join-Path $model 'model.safetensors') | Should -BeTrue
        $resumed = Invoke-Dx7Training -Data $Yamaha -OutputPath $model -Config $TinyConfig -Epochs 2 -Resume
        $resumed.State.Epoch | Should -BeGreaterOrEqual 1
        $resumed.State.Step | Should -BeGreaterThan $first.State.Step

        $evaluation = Test-Dx7Model -Data $Yamaha -Model $model -Samples 1
        $evaluation.Voices | Should -BeGreaterThan 0
        $evaluation.BaselineMarginalNll | Should -BeLessThan $evaluation.BaselineUniformNll
        New-Dx7Cart -Model $model -Seed 3 | Should -HaveCount 32
    }
}
