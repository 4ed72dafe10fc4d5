<#
.SYNOPSIS
    Evaluates a model on voices it has not seen, beside the uniform and marginal baselines.

.DESCRIPTION
    Runs Test-Dx7Model on a folder or file of cartridges (or a data set): reconstruction accuracy, negative ELBO
    and KL per voice, and the same voices scored by a uniform distribution over valid values and by the training
    set's per-parameter frequencies. It scores the test split (cartridges never trained or chosen on) unless -Split
    says otherwise; voices the model was trained on are always left out. -Audio also auditions generated and held-out
    voices. -OutFile saves the figures as JSON.

.PARAMETER Data
    A folder or file of cartridges, or a data set from dx7 import.

.PARAMETER Model
    A model folder; the shipped model by default.

.PARAMETER Split
    Test (the default), Validation, or Unseen (every voice the model was not trained on: another collection).

.PARAMETER Audio
    Also audition generated and held-out voices: sounds, stops, clipped, Fréchet distance.

.PARAMETER AudioSamples
    With -Audio, voices in each audio set (at most half the held-out voices; 500 by default).

.PARAMETER Ear
    With -Audio, the synth every set is auditioned through: Ours (the default) or Hexter (Debian's DX7 plugin, an
    emulator this project did not write).

.PARAMETER OutFile
    Write the figures to this JSON file as well.

.EXAMPLE
    ./scripts/evaluate.ps1 -Data ./held-out

.EXAMPLE
    ./scripts/evaluate.ps1 -Data ./held-out -Model ./my-model -OutFile ./my-model/validation.json

.EXAMPLE
    ./scripts/evaluate.ps1 -Data ../shared/corpus/dexed-cart-1.0 -Split Validation -Audio -Ear Hexter
.NOTES
    Exit codes: 0 the model was evaluated; 1 it could not be (the error says why).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Data,
    [string] $Model,
    [int] $Samples,
    [string] $Split,
    [switch] $Audio,
    [int] $AudioSamples,
    [string] $Ear,
    [string] $OutFile
)

$ErrorActionPreference = 'Stop'
try {
    Import-Module (Join-Path $PSScriptRoot '..' 'NeuralDx7.psd1')

    $arguments = @{ Data = $Data }
    # Options go on to the cmdlet only when the caller gave them: the cmdlet owns their defaults and ranges.
    foreach ($option in 'Model', 'Samples', 'Split', 'Audio', 'AudioSamples', 'Ear') { if ($PSBoundParameters.ContainsKey($option)) { $arguments[$option] = $PSBoundParameters[$option] } }
    $result = Test-Dx7Model @arguments
    $result

    if ($OutFile) {
        $result | ConvertTo-Json -Depth 5 -EnumsAsStrings | Set-Content -LiteralPath $OutFile -Encoding utf8
    }
}
catch {
    Write-Error $_ -ErrorAction Continue
    exit 1
}

exit 0
