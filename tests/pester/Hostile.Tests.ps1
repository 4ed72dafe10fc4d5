BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Prerequisites.ps1')
    # Each is a call a careless script makes; with $ErrorActionPreference = 'Stop' it must end in one error record.
    $cases = @(
        @{ Name = 'a temperature below 0'; Call = { New-Dx7Cart -Temperature -1 }; Category = 'InvalidArgument'; Says = '-Temperature must be a number from 0 to 10, not -1.' }
        @{ Name = 'an infinite training time'; Call = { Invoke-Dx7Training -Data $Rom1A -OutputPath (Join-Path $TestDrive 'run1') -Minutes ([double]::PositiveInfinity) }; Category = 'InvalidArgument'; Says = '-Minutes must be' }
        @{ Name = 'a batch of no voices'; Call = { Invoke-Dx7Training -Data $Rom1A -OutputPath (Join-Path $TestDrive 'run2') -Epochs 1 -BatchSize 0 }; Category = 'InvalidArgument'; Says = '-BatchSize must be' }
        @{ Name = 'data that does not exist'; Call = { Test-Dx7Model -Data (Join-Path $TestDrive 'nowhere') }; Category = 'ObjectNotFound'; Says = 'does not exist' }
        @{ Name = 'a model folder with a damaged configuration'; Call = { New-Dx7Cart -Model $DamagedModel }; Category = 'InvalidData'; Says = 'config.json' }
        @{ Name = 'a folder as the file to write'; Call = { Get-Dx7Voice $Rom1A | Export-Syx $TestDrive -Force }; Category = 'WriteError'; Says = 'not a file' }
        @{ Name = 'a device as the file to write'; Call = { Get-Dx7Voice $Rom1A | Export-Syx /dev/zero -Force }; Category = 'WriteError'; Says = 'not a file' }
        @{ Name = 'a named pipe as the page to write'; Call = { Get-Dx7Voice $Rom1A -Index 0 | Export-Dx7Report $Fifo -Force }; Category = 'WriteError'; Says = 'is a named pipe, not a file' }
        @{ Name = 'the same knob twice'; Call = { Start-Dx7Live -InputPort a -OutputPort b -ControllerMap 7, 7 }; Category = 'InvalidArgument'; Says = '-ControllerMap must be distinct' }
        @{ Name = 'a missing prior asked for'; Call = { New-Dx7Cart -Model $NoPriorModel -Prior Fitted }; Category = 'ObjectNotFound'; Says = 'latent-prior.json' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $shipped = [NeuralDx7.Model.TrainedModel]::FindShipped()
    $script:DamagedModel = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'damaged')).FullName
    Copy-Item (Join-Path $shipped '*') $DamagedModel
    Set-Content (Join-Path $DamagedModel 'config.json') '{ "model": '
    $script:NoPriorModel = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'no-prior')).FullName
    Copy-Item (Join-Path $shipped '*') $NoPriorModel -Exclude 'latent-prior.json'
    $script:Fifo = Join-Path $TestDrive 'page.html'
    & mkfifo $Fifo
}

Describe 'Names from files are shown, not obeyed' -Skip:(-not $HasCorpus) {
    It 'shows a voice named with terminal codes as \x1B in the format views' {
        $bytes = [IO.File]::ReadAllBytes($Rom1A)
        [byte[]] $name = 0x1B, 0x5B, 0x32, 0x4A, 0x1B, 0x5B, 0x48, 0x41, 0x42, 0x43   # ESC [2J ESC [H ABC: clear the screen
        [Array]::Copy($name, 0, $bytes, 6 + 118, 10)
        $sum = 0; foreach ($b in $bytes[6..(6 + 4095)]) { $sum += $b }
        $bytes[6 + 4096] = (-$sum) -band 0x7F
        $file = Join-Path $TestDrive 'escape.syx'
        [IO.File]::WriteAllBytes($file, $bytes)
        $shown = Get-Dx7Voice $file -ErrorAction SilentlyContinue | Format-Table -AutoSize | Out-String -Width 400
        $shown | Should -Not -Match ([char]0x1B)
        $shown | Should -BeLike '*\x1B`[2J\x1B`[HABC*'
        (Get-Dx7Voice $file -Index 0 -ErrorAction SilentlyContinue).Name | Should -Be ([string]::new([char[]]$name))
    }
}

Describe 'Cmdlets given hostile input end in one error record with a category, never a .NET stack' -Skip:(-not $HasCorpus) {
    It '<Name>' -ForEach $cases {
        $Error.Clear()
        $failure = $null
        try {
            $ErrorActionPreference = 'Stop'
            & $Call | Out-Null
        }
        catch { $failure = $_ }
        finally { $ErrorActionPreference = 'Continue' }

        $failure | Should -Not -BeNullOrEmpty
        $Error.Count | Should -Be 1 -Because 'one call, one error record'
        $failure.CategoryInfo.Category | Should -Be $Category
        $failure.Exception.Message | Should -BeLike "*$Says*"
        $failure.Exception.Message | Should -Not -Match '\s+at [A-Z]\w+\.'
        $failure.Exception.Message | Should -Not -Match 'System\.[A-Z]'
        $failure.Exception.Message.Trim().Split("`n") | Should -HaveCount 1
    }
}
