<#
.SYNOPSIS
    Writes one new cartridge per run into a folder, named by date and time, keeping the last N.

.DESCRIPTION
    Meant for a scheduler (cron, a systemd timer, Task Scheduler): each run samples 32 new voices from the model
    and writes them as yyyy-MM-dd-HHmm.syx in -OutputPath, with a listening page beside it (yyyy-MM-dd-HHmm.html) and
    an index.html of the drops kept, newest first: served by any static web server, the folder is a nightly "cart
    that does not exist" site. It never overwrites a cartridge (a second run in the same minute fails instead),
    deletes the oldest of its own drops beyond -Keep (files it did not write are never touched), appends one line per
    run to nightly-cart.log in the folder, and exits 1 on any failure so the scheduler can tell.

.PARAMETER OutputPath
    The folder of nightly cartridges (created if missing).

.PARAMETER Keep
    How many of its cartridges to keep; older ones it wrote are deleted. 0 keeps them all.

.PARAMETER Temperature
    Passed on to New-Dx7Cart when given; without it the cart is drawn at New-Dx7Cart's default temperature.
    0 takes each parameter's most likely value (the voices sound alike); higher is more varied.

.PARAMETER TemperatureScale
    Passed on to New-Dx7Cart when given ('EG Level 4=0.5', or 'none'); without it the model folder's sampling.json
    says which parameters are drawn cooler.

.PARAMETER TrainingData
    The data the model was trained on: the pages then show each voice's nearest training voice.

.EXAMPLE
    ./scripts/nightly-cart.ps1 -OutputPath ~/dx7/nightly -Keep 30

    Writes tonight's cart and its listening page into ~/dx7/nightly, keeping the last 30 drops and index.html.

.EXAMPLE
    pwsh -NoProfile -File ./scripts/nightly-cart.ps1 -OutputPath /srv/dx7/nightly -Keep 14 -Temperature 0.3
.NOTES
    Exit codes: 0 a new cartridge was written; 1 none was (the log and the error say why; nothing was overwritten).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $OutputPath,
    [ValidateRange(0, 100000)] [int] $Keep = 30,
    [double] $Temperature,
    [string] $TemperatureScale,
    [string] $Model,
    [string] $TrainingData
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
    # Options go on to the cmdlet only when the caller gave them: the cmdlet owns their defaults and ranges.
    $arguments = @{ Seed = $seed }
    foreach ($option in 'Temperature', 'TemperatureScale', 'Model') { if ($PSBoundParameters.ContainsKey($option)) { $arguments[$option] = $PSBoundParameters[$option] } }
    $voices = New-Dx7Cart @arguments
    $voices | Export-Syx -Path $file -ErrorAction Stop | Out-Null
    $page = [IO.Path]::ChangeExtension($file, '.html')
    $report = @{ Path = $page; Title = "Nightly cart, $($started.ToString('d MMMM yyyy, HH:mm', [cultureinfo]::InvariantCulture))" }
    if ($Model) { $report.Model = $Model }
    if ($TrainingData) { $report.TrainingData = $TrainingData }
    $voices | Export-Dx7Report @report -ErrorAction Stop

    # Only drops this script wrote (named in its log) are pruned: other files in the folder are the user's.
    $ours = @(@(if (Test-Path -LiteralPath $log) {
                Select-String -LiteralPath $log -Pattern ' wrote (\d{4}-\d{2}-\d{2}-\d{4}\.syx) ' | ForEach-Object { $_.Matches[0].Groups[1].Value }
            }) + $name | Sort-Object -Unique -Descending)
    $removed = @()
    if ($Keep -gt 0) {
        foreach ($old in $ours | Select-Object -Skip $Keep) {
            foreach ($drop in $old, [IO.Path]::ChangeExtension($old, '.html')) {
                $path = Join-Path $folder.FullName $drop
                if (Test-Path -LiteralPath $path) {
                    try {
                        Remove-Item -LiteralPath $path
                        if ($drop -eq $old) { $removed += $old }
                    }
                    catch {
                        $removed += "not $drop ($($_.Exception.Message))"   # kept, and said so in the log: the new cart is written
                    }
                }
            }
        }
    }

    # The index of the drops kept, newest first; written whole, then renamed into place.
    $kept = @($ours | Where-Object { Test-Path -LiteralPath (Join-Path $folder.FullName $_) })
    $rows = foreach ($cart in $kept) {
        $stem = [IO.Path]::GetFileNameWithoutExtension($cart)
        $pageLink = if (Test-Path -LiteralPath (Join-Path $folder.FullName "$stem.html")) { "<a href=""$stem.html"">listen</a> &middot; " } else { '' }
        "<li><strong>$stem</strong> &mdash; $pageLink<a href=""$cart"" download>$cart</a></li>"
    }
    $index = @"
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>Nightly DX7 carts</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:720px;margin:0 auto;padding:16px}li{margin:.4em 0}</style></head>
<body><h1>Nightly DX7 carts that do not exist</h1><p>A new 32-voice cartridge every night, made by NeuralDx7. Newest first.</p>
<ul class="drops">$($rows -join "`n")</ul></body></html>
"@
    $temporary = Join-Path $folder.FullName ".index.html.$PID.tmp"
    Set-Content -LiteralPath $temporary -Value $index -Encoding utf8
    Move-Item -LiteralPath $temporary -Destination (Join-Path $folder.FullName 'index.html') -Force

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
