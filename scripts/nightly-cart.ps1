<#
.SYNOPSIS
    Writes one new cartridge per run into a folder, named by date and time, keeping the last N.

.DESCRIPTION
    Meant for a scheduler (cron, a systemd timer, Task Scheduler): each run samples 32 new voices from the model
    and writes them as yyyy-MM-dd-HHmm.syx in -OutputPath. It never overwrites a cartridge (a second run in the
    same minute fails instead), deletes the oldest cartridges beyond -Keep, appends what it did to nightly-cart.log
    in the folder, and exits 1 on any failure so the scheduler can tell.

.PARAMETER OutputPath
    The folder of nightly cartridges (created if missing).

.PARAMETER Keep
    How many cartridges to keep; older ones are deleted. 0 keeps them all.

.PARAMETER Temperature
    0 takes each parameter's most likely value; above 0 samples, more varied.

.EXAMPLE
    ./scripts/nightly-cart.ps1 -OutputPath ~/dx7/nightly -Keep 30

.EXAMPLE
    pwsh -NoProfile -File ./scripts/nightly-cart.ps1 -OutputPath /srv/dx7/nightly -Keep 14 -Temperature 0.3
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $OutputPath,
    [ValidateRange(0, 100000)] [int] $Keep = 30,
    [ValidateRange(0.0, 10.0)] [double] $Temperature = 0,
    [string] $Model
)

$ErrorActionPreference = 'Stop'
$log = $null
try {
    $folder = New-Item -ItemType Directory -Force -Path $OutputPath
    $log = Join-Path $folder.FullName 'nightly-cart.log'
    Import-Module (Join-Path $PSScriptRoot '..' 'NeuralDx7.psd1')

    $now = Get-Date
    $file = Join-Path $folder.FullName ($now.ToString('yyyy-MM-dd-HHmm', [cultureinfo]::InvariantCulture) + '.syx')
    $seed = [ulong]$now.ToString('yyyyMMddHHmm', [cultureinfo]::InvariantCulture)
    $arguments = @{ Seed = $seed; Temperature = $Temperature }
    if ($Model) { $arguments.Model = $Model }
    $voices = New-Dx7Cart @arguments
    $voices | Export-Syx -Path $file -ErrorAction Stop | Out-Null
    Add-Content -LiteralPath $log -Value ('{0:o} wrote {1} (seed {2}): {3}' -f $now, (Split-Path -Leaf $file), $seed, (($voices.Name) -join ', '))

    if ($Keep -gt 0) {
        $old = Get-ChildItem -LiteralPath $folder.FullName -Filter '????-??-??-????.syx' | Sort-Object Name -Descending | Select-Object -Skip $Keep
        foreach ($cart in $old) {
            Remove-Item -LiteralPath $cart.FullName
            Add-Content -LiteralPath $log -Value ('{0:o} removed {1} (keeping the last {2})' -f (Get-Date), $cart.Name, $Keep)
        }
    }

    Get-Item -LiteralPath $file
}
catch {
    if ($log) { Add-Content -LiteralPath $log -Value ('{0:o} FAILED: {1}' -f (Get-Date), $_) }
    Write-Error $_ -ErrorAction Continue
    exit 1
}
