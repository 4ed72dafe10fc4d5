<#
.SYNOPSIS
    The original NeuralDX7 duplicate test: how many voices sampled from the model are distinct, copies, valid.

.DESCRIPTION
    Draws -Samples voices from the model's prior and reports the share that are distinct from each other
    (ignoring the name), equal to a voice the model was trained on (memorisation), and valid. Exits 1 when
    any sampled voice is invalid or fewer than -MinimumUnique are distinct, so it can guard a release.

.PARAMETER Samples
    Voices to draw; Measure-Dx7Uniqueness's default when not given.

.PARAMETER Seed
    The seed of the draws; Measure-Dx7Uniqueness's default when not given.

.PARAMETER Temperature
    The temperature voices are drawn at; the cart's default (as New-Dx7Cart draws) when not given.

.PARAMETER TemperatureScale
    Parameters drawn at a multiple of the temperature ('EG Level 4=0.5', or 'none'); the model folder's sampling.json
    when not given.

.PARAMETER Model
    A model folder; the shipped model by default.

.PARAMETER MinimumUnique
    The share of distinct voices below which the script fails.

.EXAMPLE
    ./scripts/duplicate-test.ps1 -Samples 10000

.EXAMPLE
    ./scripts/duplicate-test.ps1 -Model ./my-model -MinimumUnique 0.999
.NOTES
    Exit codes: 0 the test passed; 1 it failed its thresholds (fewer distinct or valid voices than asked); 2 it could not run
    (the error says why).
#>
[CmdletBinding()]
param(
    [int] $Samples,
    [string] $Model,
    [ValidateRange(0.0, 1.0)] [double] $MinimumUnique = 0.999,
    [ulong] $Seed,
    [double] $Temperature,
    [string] $TemperatureScale
)

$ErrorActionPreference = 'Stop'
try {
    Import-Module (Join-Path $PSScriptRoot '..' 'NeuralDx7.psd1')

    # Options go on to the cmdlet only when the caller gave them: the cmdlet owns their defaults and ranges.
    $arguments = @{}
    foreach ($option in 'Samples', 'Model', 'Seed', 'Temperature', 'TemperatureScale') { if ($PSBoundParameters.ContainsKey($option)) { $arguments[$option] = $PSBoundParameters[$option] } }
    $result = Measure-Dx7Uniqueness @arguments
    $result

    if ($result.Valid -lt 1 -or $result.Unique -lt $MinimumUnique) {
        Write-Error ("{0:P2} unique and {1:P2} valid: below the {2:P2} unique, 100% valid this test asks for." -f $result.Unique, $result.Valid, $MinimumUnique) -ErrorAction Continue
        exit 1
    }
}
catch {
    Write-Error $_ -ErrorAction Continue
    exit 2
}

exit 0
