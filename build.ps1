<#
.SYNOPSIS
    Builds, tests and packages NeuralDx7: the PowerShell module, the dx7 tool, and their tests.

.DESCRIPTION
    Build    publishes the module into module/bin and writes its help beside the manifest (en-US), so
             Import-Module ./NeuralDx7.psd1 works and Get-Help finds every cmdlet's help; builds the dx7 tool,
             which the Pester suite also runs.
    Test     runs the Pester tests in tests/pester against the built module (Pester 5.7.1, restored by
             tools/pester), then the xunit tests (dotnet test NeuralDx7.slnx -c Release); fails if either fails.
    Pester   runs the Pester tests only.
    Package  stages the module as the PowerShell Gallery expects it in artifacts/NeuralDx7 (checked with
             Test-ModuleManifest) and packs the dx7 .NET tool into artifacts.
    Clean    removes what the other tasks made.

    Exit codes: 0 every task succeeded; 1 a task failed (the message says which).

.PARAMETER Task
    The tasks to run, in order. By default Build, then Test.

.PARAMETER Configuration
    Release (default) or Debug.

.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1

    Restores pwsh itself (pinned in .config/dotnet-tools.json), then builds and runs every test.

.EXAMPLE
    ./build.ps1 -Task Build, Package

    Builds the module and stages it for Publish-PSResource in artifacts/NeuralDx7.
#>
[CmdletBinding()]
param(
    # Names, or one comma-separated string as `pwsh -File build.ps1 -Task Build,Test` passes them.
    [ArgumentCompleter({ param($c, $p, $word) 'Build', 'Test', 'Pester', 'Package', 'Clean' | Where-Object { $_ -like "$word*" } })]
    [string[]] $Task = @('Build', 'Test'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$moduleBin = Join-Path $root 'module' 'bin'
$culture = Join-Path $root 'en-US'
$artifacts = Join-Path $root 'artifacts'

function Invoke-Dotnet([string[]] $Arguments) {
    Write-Host "dotnet $($Arguments -join ' ')" -ForegroundColor DarkGray
    & dotnet @Arguments | Out-Host # to the console, not into the caller's output: a function that restores Pester returns only its result
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Get-NuGetPackageFolder([string] $Id, [string] $Version) {
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget' 'packages' }
    Join-Path $packages $Id.ToLowerInvariant() $Version
}

function Get-AutomationReference {
    $props = [xml](Get-Content -Raw (Join-Path $root 'Directory.Packages.props'))
    $version = ($props.Project.ItemGroup.PackageVersion | Where-Object Include -eq 'PowerShellStandard.Library').Version
    Join-Path (Get-NuGetPackageFolder 'PowerShellStandard.Library' $version) 'lib' 'netstandard2.0' 'System.Management.Automation.dll'
}

function Invoke-BuildTask {
    Invoke-Dotnet @('publish', (Join-Path $root 'src' 'NeuralDx7.PowerShell'), '-c', $Configuration, '-o', $moduleBin, '--nologo')
    # The dx7 tool too: the Pester suite runs it as a process, beside the cmdlets, to compare the two front ends.
    Invoke-Dotnet @('build', (Join-Path $root 'src' 'NeuralDx7.Cli'), '-c', $Configuration, '--nologo')
    # PowerShell looks for a module's help in the culture folder of its base, the manifest's folder, not beside the dll.
    New-Item -ItemType Directory -Force -Path $culture | Out-Null
    Invoke-Dotnet @('run', '--project', (Join-Path $root 'src' 'NeuralDx7.PowerShell.Help'), '-c', $Configuration, '--',
        (Join-Path $moduleBin 'NeuralDx7.PowerShell.dll'), (Get-AutomationReference), (Join-Path $culture 'NeuralDx7.PowerShell.dll-Help.xml'))
    Copy-Item (Join-Path $root 'module' 'en-US' 'about_NeuralDx7.help.txt') $culture -Force
    Write-Host "Module built: Import-Module $(Join-Path $root 'NeuralDx7.psd1')" -ForegroundColor Green
}

# Pester 5.7.1 from NuGet (tools/pester restores it); its tools/ folder is the module. Copied into a folder laid out
# as PSModulePath expects (Pester/5.7.1), which goes first on PSModulePath for this process and the tests it starts.
function Import-PinnedPester {
    $project = Join-Path $root 'tools' 'pester' 'Pester.Restore.csproj'
    $version = ([xml](Get-Content -Raw $project)).Project.ItemGroup.PackageDownload.Version.Trim('[', ']')
    $source = Join-Path (Get-NuGetPackageFolder 'Pester' $version) 'tools'
    if (-not (Test-Path (Join-Path $source 'Pester.psd1'))) {
        Invoke-Dotnet @('restore', $project, '--nologo')
    }

    $modules = Join-Path $root '.tools' 'modules'
    $target = Join-Path $modules 'Pester' $version
    if (-not (Test-Path (Join-Path $target 'Pester.psd1'))) {
        New-Item -ItemType Directory -Force -Path $target | Out-Null
        Copy-Item -Recurse -Force (Join-Path $source '*') $target
    }

    $env:PSModulePath = $modules + [IO.Path]::PathSeparator + $env:PSModulePath
    Import-Module Pester -RequiredVersion $version -Force
}

# What the tests need from outside .NET, how each is found, and the Debian package that gives it. A test whose
# prerequisite is missing is skipped, and the summary below says so; NEURALDX7_REQUIRE_* (CI) makes it a failure.
function Write-Prerequisites {
    $browsers = @($env:NEURALDX7_CHROMIUM) + @('chromium', 'chromium-headless-shell', 'chromium-browser', 'google-chrome', 'google-chrome-stable')
    $checks = [ordered]@{
        'jackd2 (a JACK server and jack_midi_dump, for the MIDI tests)' = { (Get-Command jackd, jack_midi_dump -ErrorAction SilentlyContinue).Count -eq 2 }
        'hexter (the DX7 emulator our engine is compared with)'         = { Test-Path -LiteralPath '/usr/lib/dssi/hexter.so' }
        'chromium (the browser the listening page is tested in)'        = { [bool]($browsers | Where-Object { $_ } | Get-Command -ErrorAction SilentlyContinue) }
        'python3-torch (the PyTorch cross-check of the model)'          = { (Test-Path /usr/bin/python3) -and $(& /usr/bin/python3 -c 'import torch' 2>$null; $LASTEXITCODE -eq 0) }
    }
    $missing = @($checks.Keys | Where-Object { -not (& $checks[$_]) })
    if ($missing) {
        Write-Host "Missing, so their tests are skipped: $($missing -join '; ')." -ForegroundColor Yellow
        Write-Host "Install them: sudo apt-get install jackd2 hexter chromium python3-torch libopenblas0-pthread" -ForegroundColor Yellow
    }
}

# The MIDI tests talk to a real JACK server: with jackd installed and none running, one with the dummy driver (no
# sound card needed) runs for as long as the tests do.
function Start-TestJackServer {
    if (-not (Get-Command jackd -ErrorAction SilentlyContinue)) { return $null }
    if ((Get-Command jack_lsp -ErrorAction SilentlyContinue) -and $(& jack_lsp 2>$null; $LASTEXITCODE -eq 0)) { return $null }
    $log = Join-Path ([IO.Path]::GetTempPath()) "neuraldx7-jackd-$PID.log"
    $server = Start-Process jackd -ArgumentList '--no-realtime', '-d', 'dummy', '-r', '48000', '-p', '2048' -PassThru -RedirectStandardOutput $log -RedirectStandardError "$log.err"
    foreach ($attempt in 1..50) {
        if ($(& jack_lsp 2>$null; $LASTEXITCODE -eq 0)) { break }
        Start-Sleep -Milliseconds 200
    }
    Write-Host "Started a JACK server for the tests (jackd -d dummy, process $($server.Id))." -ForegroundColor DarkGray
    $server
}

function Stop-TestJackServer($Server) {
    if ($Server -and -not $Server.HasExited) { $Server.Kill(); $Server.WaitForExit() }
}

function Invoke-PesterTests {
    Import-PinnedPester
    $env:NEURALDX7_CONFIGURATION = $Configuration   # the suite runs the dx7 that Build built
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = Join-Path $root 'tests' 'pester'
    $configuration.Run.Exit = $false
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    # The tests run as in a user's session, not under this script's 'Stop' (which would make every warning-level
    # error terminate) or strict mode.
    $pester = & {
        $ErrorActionPreference = 'Continue'
        Set-StrictMode -Off
        Invoke-Pester -Configuration $configuration
    }
    $skipped = @($pester.Skipped | ForEach-Object { "$($_.ExpandedPath)" })
    Write-Host ("Pester: {0} passed, {1} failed, {2} skipped{3}" -f $pester.PassedCount, $pester.FailedCount, $pester.SkippedCount,
        ($(if ($skipped) { ' (' + ($skipped -join '; ') + ')' } else { '' })))
    $pester
}

function Invoke-TestTask {
    $pester = Invoke-PesterTests
    # The README's test command, last, so a run ends with its summary.
    & dotnet test (Join-Path $root 'NeuralDx7.slnx') -c $Configuration
    $xunitExit = $LASTEXITCODE
    if ($pester.FailedCount -gt 0 -or $pester.Result -ne 'Passed') { throw "$($pester.FailedCount) Pester test(s) failed (see above)." }
    if ($xunitExit -ne 0) { throw "xunit failed (dotnet test exit code $xunitExit)." }
}

function Invoke-PackageTask {
    $stage = Join-Path $artifacts 'NeuralDx7'
    Remove-Item -Recurse -Force $stage -ErrorAction SilentlyContinue
    New-Item -ItemType Directory -Force -Path $stage | Out-Null
    Copy-Item (Join-Path $root 'NeuralDx7.psd1'), (Join-Path $root 'README.md'), (Join-Path $root 'LICENSE') $stage
    Copy-Item -Recurse (Join-Path $root 'module'), (Join-Path $root 'scripts'), $culture $stage
    # The shipped model and the model inside it that carts by category are drawn with (ModelFolder.CategoryModelFolder).
    $source = Join-Path $root 'models' 'dx7-vae'
    foreach ($folder in @(Get-Item $source) + @(Get-ChildItem $source -Directory)) {
        $model = New-Item -ItemType Directory -Force -Path (Join-Path $stage 'models' 'dx7-vae' $folder.FullName.Substring($source.Length))
        Get-ChildItem $folder.FullName -File | Where-Object Name -notin 'checkpoint.safetensors', 'README.md' | Copy-Item -Destination $model.FullName
    }
    Test-ModuleManifest (Join-Path $stage 'NeuralDx7.psd1') | Out-Null
    Invoke-Dotnet @('pack', (Join-Path $root 'src' 'NeuralDx7.Cli'), '-c', $Configuration, '-o', $artifacts, '--nologo')
    Write-Host "Staged $stage; publish with: Publish-PSResource -Path '$stage' -Repository <name>" -ForegroundColor Green
}

function Invoke-CleanTask {
    foreach ($path in $moduleBin, $artifacts, $culture, (Join-Path $root '.tools')) {
        Remove-Item -Recurse -Force $path -ErrorAction SilentlyContinue
    }
}

$tasks = @($Task | ForEach-Object { $_ -split ',' } | ForEach-Object Trim | Where-Object { $_ })
$unknown = @($tasks | Where-Object { $_ -notin 'Build', 'Test', 'Pester', 'Package', 'Clean' })
if ($unknown) {
    Write-Host "build.ps1: unknown task $($unknown -join ', '); the tasks are Build, Test, Pester, Package and Clean." -ForegroundColor Red
    exit 1
}

$jack = $null
try {
    if ($tasks | Where-Object { $_ -in 'Test', 'Pester' }) {
        Write-Prerequisites
        $jack = Start-TestJackServer
    }
    foreach ($name in $tasks) {
        switch ($name) {
            'Build' { Invoke-BuildTask }
            'Test' { Invoke-TestTask }
            'Pester' {
                $pester = Invoke-PesterTests
                if ($pester.FailedCount -gt 0 -or $pester.Result -ne 'Passed') { throw "$($pester.FailedCount) Pester test(s) failed (see above)." }
            }
            'Package' { Invoke-PackageTask }
            'Clean' { Invoke-CleanTask }
        }
    }
}
catch {
    Write-Host "build.ps1: $name failed: $($_.Exception.Message)" -ForegroundColor Red
    exit 1
}
finally {
    Stop-TestJackServer $jack
}

exit 0
