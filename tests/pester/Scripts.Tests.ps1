BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Scripts = Join-Path $Root 'scripts'
}

Describe 'scripts' {
    It 'duplicate-test.ps1 passes on the shipped model' {
        & (Join-Path $Scripts 'duplicate-test.ps1') -Samples 300 -MinimumUnique 0.9 | Out-Null
        $LASTEXITCODE | Should -Be 0
    }

    It 'evaluate.ps1 writes its figures' {
        $out = Join-Path $TestDrive 'figures.json'
        & (Join-Path $Scripts 'evaluate.ps1') -Data (Join-Path $Yamaha 'DX7 ROM4') -Samples 1 -OutFile $out | Out-Null
        (Get-Content $out | ConvertFrom-Json).Voices | Should -BeGreaterThan 0
    }

    It 'experiment.ps1 trains, evaluates and tests a model' {
        $model = Join-Path $TestDrive 'experiment'
        & (Join-Path $Scripts 'experiment.ps1') -Data $Yamaha -OutputPath $model -Epochs 1 -Config $TinyConfig | Out-Null
        (Get-Content (Join-Path $model 'experiment.json') | ConvertFrom-Json).steps | Should -BeGreaterThan 0
    }

    It 'features.ps1 saves latent statistics and CSV' {
        $json = Join-Path $TestDrive 'features.json'
        $csv = Join-Path $TestDrive 'features.csv'
        & (Join-Path $Scripts 'features.ps1') -Path (Join-Path $Yamaha 'DX7 ROM1') -OutFile $json -CsvFile $csv | Out-Null
        (Get-Content $json | ConvertFrom-Json).count | Should -Be 64
        (Import-Csv $csv) | Should -HaveCount 64
    }

    It 'interpolate.ps1 writes a 32-voice cartridge between two voices' {
        $out = Join-Path $TestDrive 'morph.syx'
        & (Join-Path $Scripts 'interpolate.ps1') -From "${Rom1A}:0" -To "${Rom1A}:10" -OutFile $out | Out-Null
        (Get-Dx7Voice $out) | Should -HaveCount 32
    }

    It 'nightly-cart.ps1 writes dated carts, never overwrites, keeps the last N and logs' {
        $folder = Join-Path $TestDrive 'nightly'
        & (Join-Path $Scripts 'nightly-cart.ps1') -OutputPath $folder -Keep 2 | Out-Null
        $LASTEXITCODE | Should -Be 0
        (Get-ChildItem $folder -Filter *.syx).Name | Should -Match '^\d{4}-\d{2}-\d{2}-\d{4}\.syx$'

        # A second run in the same minute must fail, not overwrite.
        & pwsh -NoProfile -File (Join-Path $Scripts 'nightly-cart.ps1') -OutputPath $folder -Keep 2 2>$null | Out-Null
        $LASTEXITCODE | Should -Be 1
        Get-Content (Join-Path $folder 'nightly-cart.log') | Should -Match 'FAILED'

        foreach ($name in '2001-01-01-0000.syx', '2001-01-02-0000.syx') { Copy-Item $Rom1A (Join-Path $folder $name) }
        Start-Sleep -Seconds 61
        & (Join-Path $Scripts 'nightly-cart.ps1') -OutputPath $folder -Keep 2 | Out-Null
        (Get-ChildItem $folder -Filter *.syx) | Should -HaveCount 2
        Test-Path (Join-Path $folder '2001-01-01-0000.syx') | Should -BeFalse
    }
}
