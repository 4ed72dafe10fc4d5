<#
.SYNOPSIS
    Measures the latent statistics of a set of cartridges: what live mode maps its knobs to.

.DESCRIPTION
    Encodes every voice of the given cartridges with the model, then measures the mean of their latents and the
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
Import-Module (Join-Path $PSScriptRoot '..' 'NeuralDx7.psd1')

$files = foreach ($item in $Path) {
    if (Test-Path -LiteralPath $item -PathType Container) { Get-ChildItem -LiteralPath $item -Recurse -File } else { Get-Item -Path $item }
}
$modelArgument = @{}
if ($Model) { $modelArgument.Model = $Model }
$latents = $files | Get-Dx7Voice -ErrorAction SilentlyContinue | Get-Dx7Latent @modelArgument
$statistics = $latents | Measure-Dx7Latent -Path $OutFile -Force:$Force
$statistics

if ($CsvFile -and $PSCmdlet.ShouldProcess($CsvFile, 'Save every latent as CSV')) {
    $latents | ForEach-Object {
        $row = [ordered]@{ Source = $_.Source; Index = $_.Index; Name = $_.Name }
        for ($i = 0; $i -lt $_.Latent.Count; $i++) { $row["z$i"] = $_.Latent[$i] }
        [pscustomobject]$row
    } | Export-Csv -LiteralPath $CsvFile -NoTypeInformation
}
