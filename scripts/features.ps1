<#
.SYNOPSIS
    Measures the latent statistics of a set of cartridges: what live mode maps its knobs to.

.DESCRIPTION
    Encodes every distinct voice of the given cartridges with the model (a sound found in several files, such as the
    same cartridge as .syx, .mid and an editor's bank, counts once), then measures the mean of their latents and the
    principal axes of their spread (largest first). The statistics are saved as JSON for live mode,
    and the per-voice latents can be saved as CSV for your own analysis (the original's features script).

.PARAMETER Path
    Cartridge files or folders (wildcards allowed).

.PARAMETER OutFile
    Where to save the statistics (JSON).

.PARAMETER CsvFile
    Also save every voice's latent coordinates as CSV.

.EXAMPLE
    ./scripts/features.ps1 -Path ../shared/corpus/dexed-cart-1.0 -OutFile ./latent-statistics.json

.EXAMPLE
    ./scripts/features.ps1 -Path ./my-carts/*.syx -OutFile ./mine.json -CsvFile ./mine.csv
.NOTES
    Exit codes: 0 the statistics were written; 1 they were not (the error says why).
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [string[]] $Path,
    [Parameter(Mandatory)] [string] $OutFile,
    [string] $CsvFile,
    [string] $Model,
    [switch] $Force
)

$ErrorActionPreference = 'Stop'
try {
    Import-Module (Join-Path $PSScriptRoot '..' 'NeuralDx7.psd1')

    $files = foreach ($item in $Path) {
        if (Test-Path -LiteralPath $item -PathType Container) { Get-ChildItem -LiteralPath $item -Recurse -File } else { Get-Item -Path $item }
    }
    $modelArgument = @{}
    if ($Model) { $modelArgument.Model = $Model }
    # Each sound counts once: a cartridge kept as .syx, .mid and an editor's bank would otherwise weigh three times.
    $seen = [System.Collections.Generic.HashSet[ulong]]::new()
    $voices = @($files | Get-Dx7Voice -ErrorAction SilentlyContinue)
    $distinct = @($voices | Where-Object { $seen.Add($_.SoundFingerprint) })
    Write-Verbose "$($voices.Count) voices read, $($distinct.Count) distinct sounds"
    if ($distinct.Count -lt 2) { throw "Latent statistics need at least two distinct voices; $($distinct.Count) found in $($Path -join ', ')." }
    $latents = $distinct | Get-Dx7Latent @modelArgument
    $statistics = $latents | Measure-Dx7Latent -Path $OutFile -Force:$Force
    $statistics

    if ($CsvFile -and $PSCmdlet.ShouldProcess($CsvFile, 'Save every latent as CSV')) {
        $latents | ForEach-Object {
            $row = [ordered]@{ Source = $_.Source; Index = $_.Index; Name = $_.Name }
            for ($i = 0; $i -lt $_.Latent.Count; $i++) { $row["z$i"] = $_.Latent[$i] }
            [pscustomobject]$row
        } | Export-Csv -LiteralPath $CsvFile -NoTypeInformation
    }
}
catch {
    Write-Error $_ -ErrorAction Continue
    exit 1
}

exit 0
