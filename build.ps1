<#
.SYNOPSIS
    Builds, tests and packages NeuralDx7: the PowerShell module, the dx7 tool, and their tests.

.DESCRIPTION
    Build    restores, publishes the module into module/bin (with its help), so Import-Module ./NeuralDx7.psd1 works.
    Test     runs the xunit tests (dotnet test), then the Pester tests in tests/pester against the built module.
    Package  stages the module as the PowerShell Gallery expects it in artifacts/NeuralDx7 and packs the dx7 .NET tool.
    Clean    removes what the other tasks made.

.EXAMPLE
    ./build.ps1

.EXAMPLE
    ./build.ps1 -Task Build, Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Clean')]
    [string[]] $Task = @('Build', 'Test'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$moduleBin = Join-Path $root 'module' 'bin'
$artifacts = Join-Path $root 'artifacts'

function Invoke-Dotnet([string[]] $Arguments) {
    Write-Host "dotnet $($Arguments -join ' ')" -ForegroundColor DarkGray
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Get-AutomationReference {
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget' 'packages' }
    Join-Path $packages 'powershellstandard.library' '5.1.0-preview-06' 'lib' 'netstandard2.0' 'System.Management.Automation.dll'
}

function Invoke-BuildTask {
    Invoke-Dotnet @('publish', (Join-Path $root 'src' 'NeuralDx7.PowerShell'), '-c', $Configuration, '-o', $moduleBin, '--nologo')
    $help = Join-Path $moduleBin 'en-US' 'NeuralDx7.PowerShell.dll-Help.xml'
    Invoke-Dotnet @('run', '--project', (Join-Path $root 'src' 'NeuralDx7.PowerShell.Help'), '-c', $Configuration, '--',
        (Join-Path $moduleBin 'NeuralDx7.PowerShell.dll'), (Get-AutomationReference), $help)
    # About topics are found in the module base's culture folder: the manifest's folder.
    $about = New-Item -ItemType Directory -Force -Path (Join-Path $root 'en-US')
    Copy-Item (Join-Path $root 'module' 'en-US' 'about_NeuralDx7.help.txt') $about.FullName -Force
    Write-Host "Module built: Import-Module $(Join-Path $root 'NeuralDx7.psd1')" -ForegroundColor Green
}

function Invoke-TestTask {
    Invoke-Dotnet @('test', (Join-Path $root 'NeuralDx7.slnx'), '-c', $Configuration)
    $pester = Get-Module -ListAvailable Pester | Where-Object Version -ge '5.5.0' | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) {
        Write-Warning 'Pester 5.5 or later is not installed, so the Pester tests were skipped: Install-Module Pester -MinimumVersion 5.5 -Scope CurrentUser'
        return
    }

    Import-Module $pester -Force
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = Join-Path $root 'tests' 'pester'
    $configuration.Run.Exit = $false
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    $result = Invoke-Pester -Configuration $configuration
    if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester test(s) failed." }
}

function Invoke-PackageTask {
    $stage = Join-Path $artifacts 'NeuralDx7'
    Remove-Item -Recurse -Force $stage -ErrorAction SilentlyContinue
    New-Item -ItemType Directory -Force -Path $stage | Out-Null
    Copy-Item (Join-Path $root 'NeuralDx7.psd1'), (Join-Path $root 'README.md') $stage
    Copy-Item -Recurse (Join-Path $root 'module'), (Join-Path $root 'scripts'), (Join-Path $root 'en-US') $stage
    $model = New-Item -ItemType Directory -Force -Path (Join-Path $stage 'models' 'dx7-vae')
    Get-ChildItem (Join-Path $root 'models' 'dx7-vae') -File | Where-Object Name -ne 'checkpoint.safetensors' | Copy-Item -Destination $model.FullName
    Test-ModuleManifest (Join-Path $stage 'NeuralDx7.psd1') | Out-Null
    Invoke-Dotnet @('pack', (Join-Path $root 'src' 'NeuralDx7.Cli'), '-c', $Configuration, '-o', $artifacts, '--nologo')
    Write-Host "Staged $stage; publish with: Publish-PSResource -Path '$stage' -ApiKey <key>" -ForegroundColor Green
}

function Invoke-CleanTask {
    foreach ($path in $moduleBin, $artifacts, (Join-Path $root 'en-US')) {
        Remove-Item -Recurse -Force $path -ErrorAction SilentlyContinue
    }
}

foreach ($name in $Task) {
    switch ($name) {
        'Build' { Invoke-BuildTask }
        'Test' { Invoke-TestTask }
        'Package' { Invoke-PackageTask }
        'Clean' { Invoke-CleanTask }
    }
}
