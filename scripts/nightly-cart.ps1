<#
.SYNOPSIS
    Writes one new cartridge per run into a folder, named by date and time, keeping the last N.

.DESCRIPTION
    Meant for a scheduler (cron, a systemd timer, Task Scheduler): each run samples 32 new voices from the model
    and writes them as yyyy-MM-dd-HHmm.syx in -OutputPath. It never overwrites a cartridge (a second run in the
    same minute fails instead), deletes the oldest of its own cartridges beyond -Keep (files it did not write are
    never touched), appends one line per run to nightly-cart.log in the folder, and exits 1 on any failure so the
    scheduler can tell.

.PARAMETER OutputPath
    The folder of nightly cartridges (created if missing).

.PARAMETER Keep
    How many of its cartridges to keep; older ones it wrote are deleted. 0 keeps them all.

.PARAMETER Temperature
    0 takes each parameter's most likely value; above 0 samples, more varied.

.EXAMPLE
    ./scripts/nightly-cart.ps1 -OutputPath ~/dx7/nightly -Keep 30

.EXAMPLE
    pwsh -NoProfile -File ./scripts/nightly-cart.ps1 -OutputPath /srv/dx7/nightly -Keep 14 -Temperature 0.3
.NOTES
    Exit codes: 0 a new cartridge was written; 1 none was (the log and the error say why; nothing was overwritten).
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
$started = Get-Date
try {
    $folder = New-Item -ItemType Directory -Force -Path $OutputPath
    $log = Join-Path $folder.FullName 'nightly-cart.log'
    Import-Module (Join-Path $PSScriptRoot '..' 'NeuralDx7.psd1')

    $name = $started.ToString('yyyy-MM-dd-HHmm', [cultureinfo]::InvariantCulture) + '.syx'
    $file = Join-Path $folder.FullName $name
    $seed = [ulong]$started.ToString('yyyyMMddHHmm', [cultureinfo]::InvariantCulture)
    $arguments = @{ Seed = $seed; Temperature = $Temperature }
    if ($Model) { $arguments.Model = $Model }
    $voices = New-Dx7Cart @arguments
    $voices | Export-Syx -Path $file -ErrorAction Stop | Out-Null

    # Only carts this script wrote (named in its log) are pruned: other files in the folder are the user's.
    $removed = @()
    if ($Keep -gt 0) {
        $ours = @(if (Test-Path -LiteralPath $log) {
                Select-String -LiteralPath $log -Pattern ' wrote (\d{4}-\d{2}-\d{2}-\d{4}\.syx) ' | ForEach-Object { $_.Matches[0].Groups[1].Value }
            }) + $name | Sort-Object -Unique -Descending
        foreach ($old in $ours | Select-Object -Skip $Keep) {
            $path = Join-Path $folder.FullName $old
            if (Test-Path -LiteralPath $path) {
                try {
                    Remove-Item -LiteralPath $path
                    $removed += $old
                }
                catch {
                    $removed += "not $old ($($_.Exception.Message))"   # kept, and said so in the log: the new cart is written
                }
            }
        }
    }

    $pruned = if ($removed) { '; removed ' + ($removed -join ', ') } else { '' }
    Add-Content -LiteralPath $log -Value ('{0:o} wrote {1} (seed {2}){3}: {4}' -f $started, $name, $seed, $pruned, (($voices.Name) -join ', '))
    Get-Item -LiteralPath $file
}
catch {
    if ($log) { Add-Content -LiteralPath $log -Value ('{0:o} FAILED: {1}' -f $started, ($_.ToString() -replace '\s+', ' ')) }
    Write-Error $_ -ErrorAction Continue
    exit 1
}

exit 0
