# Shared by the Pester tests (dot-sourced in BeforeAll): the module from this clone, the real corpus in ../shared,
# and a way to start a fresh pwsh as a user or a scheduler would.
$script:Root = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).Path
$script:Manifest = Join-Path $script:Root 'NeuralDx7.psd1'
Import-Module $script:Manifest -Force

. (Join-Path $PSScriptRoot 'Prerequisites.ps1')
$script:Yamaha = Join-Path $script:Corpus 'Original Yamaha'
$script:Rom1A = Join-Path $script:Yamaha 'DX7 ROM1' 'ROM1A.syx'
$script:Rom3B = Join-Path $script:Yamaha 'DX7 ROM3' 'ROM3B.syx'

# A model small enough to train in a test.
$script:TinyConfig = Join-Path ([System.IO.Path]::GetTempPath()) "neuraldx7-tiny-config-$PID.json"
@{ heads = 2; headWidth = 8; encoderLayers = 1; decoderLayers = 1; flows = 2; latentSize = 4; conditioningWidth = 4 } |
    ConvertTo-Json | Set-Content -LiteralPath $script:TinyConfig -Encoding utf8
$script:TinyAutoregressiveConfig = Join-Path ([System.IO.Path]::GetTempPath()) "neuraldx7-tiny-autoregressive-config-$PID.json"
@{ heads = 2; headWidth = 8; encoderLayers = 1; decoderLayers = 1; flows = 2; latentSize = 4; architecture = 'autoregressive' } |
    ConvertTo-Json | Set-Content -LiteralPath $script:TinyAutoregressiveConfig -Encoding utf8
$script:TinyByCategoryConfig = Join-Path ([System.IO.Path]::GetTempPath()) "neuraldx7-tiny-by-category-config-$PID.json"
@{ heads = 2; headWidth = 8; encoderLayers = 1; decoderLayers = 1; flows = 2; latentSize = 4; architecture = 'autoregressive'; byCategory = $true } |
    ConvertTo-Json | Set-Content -LiteralPath $script:TinyByCategoryConfig -Encoding utf8

# The command line that starts this same pwsh afresh: pwsh itself, or dotnet with pwsh.dll when it runs as a .NET tool.
$script:PwshCommand = if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') {
    @([Environment]::ProcessPath, (Join-Path $PSHOME 'pwsh.dll'))
} else {
    @([Environment]::ProcessPath)
}

# Runs a fresh `pwsh -NoProfile -NonInteractive <arguments>` and returns its exit code, output and error text.
# -Clean starts it as cron does: only PATH and HOME in its environment. -Environment sets (or, with $null, removes) variables.
function Invoke-FreshPwsh {
    param([string[]] $Arguments, [string] $WorkingDirectory = $PWD.ProviderPath, [switch] $Clean, [hashtable] $Environment = @{})
    $start = [System.Diagnostics.ProcessStartInfo]::new($script:PwshCommand[0])
    foreach ($a in @($script:PwshCommand | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive') + $Arguments) { $start.ArgumentList.Add($a) }
    $start.WorkingDirectory = $WorkingDirectory
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    if ($Clean) {
        $start.Environment.Clear()
        $start.Environment['PATH'] = $env:PATH
        $start.Environment['HOME'] = $HOME
    }
    foreach ($key in $Environment.Keys) {
        if ($null -eq $Environment[$key]) { $start.Environment.Remove($key) | Out-Null } else { $start.Environment[$key] = $Environment[$key] }
    }
    $process = [System.Diagnostics.Process]::Start($start)
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    $process.WaitForExit()
    [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout.Result; Error = $stderr.Result }
}

# A PowerShell instance on a new runspace that has the module loaded, as applications hosting PowerShell make one.
# (Loaded by the session state, not by an Import-Module statement: stopping a multi-statement pipeline records an
# error of PowerShell's own.)
function New-ModuleRunspace {
    $state = [initialsessionstate]::CreateDefault()
    $state.ImportPSModule($script:Manifest)
    [powershell]::Create($state)
}

# The dx7 tool as its own process (built by ./build.ps1 -Task Build, or dotnet build NeuralDx7.slnx -c Release): exit code, output, errors.
$script:Dx7 = Join-Path $script:Root 'src' 'NeuralDx7.Cli' 'bin' ($env:NEURALDX7_CONFIGURATION ?? 'Release') 'net8.0' 'dx7.dll'
function Invoke-Dx7 {
    if (-not (Test-Path $script:Dx7)) { throw "dx7 is not built at $($script:Dx7): run ./build.ps1 -Task Build (or dotnet build NeuralDx7.slnx -c Release)." }
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $start.ArgumentList.Add($script:Dx7)
    foreach ($a in $args) { $start.ArgumentList.Add([string]$a) }
    $start.WorkingDirectory = $PWD.ProviderPath
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    $process.WaitForExit()
    [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout.Result; Error = $stderr.Result }
}
