<#
.SYNOPSIS
    Trains a model on a folder of cartridges, then evaluates it and runs the duplicate test.

.DESCRIPTION
    The original project's experiment script: train (resumable; Ctrl+C saves), then score the new model on the
    folder's test split (a tenth of its cartridges, never trained on) and on the duplicate test. The model folder ends up with the weights,
    configuration, training log, and an experiment.json of the figures.

.PARAMETER Data
    A folder of cartridges (read recursively) or a data set made by dx7 import.

.PARAMETER OutputPath
    The model folder to write.

.PARAMETER Epochs
    Passes over the training voices; Invoke-Dx7Training's default when not given.

.PARAMETER Config
    A configuration name or a JSON file of sizes; Invoke-Dx7Training's default when not given.

.EXAMPLE
    ./scripts/experiment.ps1 -Data ../shared/corpus/dexed-cart-1.0 -OutputPath ./runs/small -Epochs 5

.EXAMPLE
    ./scripts/experiment.ps1 -Data ./my-carts -OutputPath ./runs/mine -Epochs 20 -Resume
.NOTES
    Exit codes: 0 trained, evaluated and tested; 1 training was stopped before the end or a step failed (the message says why).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Data,
    [Parameter(Mandatory)] [string] $OutputPath,
    [int] $Epochs,
    [string] $Config,
    [ulong] $Seed,
    [switch] $Resume
)

$ErrorActionPreference = 'Stop'
try {
    Import-Module (Join-Path $PSScriptRoot '..' 'NeuralDx7.psd1')

    $arguments = @{ Data = $Data; OutputPath = $OutputPath }
    # Options go on to the cmdlet only when the caller gave them: the cmdlet owns their defaults and ranges.
    foreach ($option in 'Epochs', 'Config', 'Seed', 'Resume') { if ($PSBoundParameters.ContainsKey($option)) { $arguments[$option] = $PSBoundParameters[$option] } }
    $training = Invoke-Dx7Training @arguments
    if ($training.Cancelled) {
        Write-Warning 'Training was stopped; evaluate after resuming it.'
        exit 1
    }

    $evaluation = Test-Dx7Model -Data $Data -Model $OutputPath
    $uniqueness = Measure-Dx7Uniqueness -Samples 2000 -Model $OutputPath -Data $Data
    $figures = [ordered]@{
        steps      = $training.State.Step
        epochs     = $training.State.Epoch
        evaluation = $evaluation
        uniqueness = $uniqueness
    }
    $figures | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath (Join-Path $OutputPath 'experiment.json') -Encoding utf8
    $evaluation
    $uniqueness
}
catch {
    Write-Error $_ -ErrorAction Continue
    exit 1
}

exit 0
