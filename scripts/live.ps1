<#
.SYNOPSIS
    Plays the model live: turn a controller's knobs and the synth follows through the model's latent space.

.DESCRIPTION
    The original project's live script, without its hard-coded device names and controller numbers: the ports are
    found by name (a unique part is enough; Get-MidiPort lists them), and the first eight knobs you touch are mapped
    to the eight latent dimensions unless -ControllerMap fixes them. Each knob runs along one principal axis of the
    model's training voices, the first along the direction they vary most. Ctrl+C stops.

.PARAMETER InputPort
    The controller's port (a part of its name is enough).

.PARAMETER OutputPort
    The synth's port: Dexed, or the MIDI interface of a DX7.

.PARAMETER ControllerMap
    CC numbers for the eight latent dimensions, in order.

.PARAMETER StartFrom
    A voice, as file:index, to start from: its knob positions are sent to -KnobPort first.

.EXAMPLE
    ./scripts/live.ps1 -InputPort nanoKONTROL -OutputPort Dexed

.EXAMPLE
    ./scripts/live.ps1 -InputPort Arturia -OutputPort 'DX7 USB' -ControllerMap 74,71,91,93,73,72,5,84 -IntervalMs 80

.EXAMPLE
    ./scripts/live.ps1 -InputPort 'X-Touch' -OutputPort Dexed -StartFrom ./ROM1A.syx:10 -KnobPort 'X-Touch'
.NOTES
    Exit codes: 0 stopped by Ctrl+C after playing; 1 a port or the model could not be opened (the error says why).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $InputPort,
    [Parameter(Mandatory)] [string] $OutputPort,
    [int[]] $ControllerMap,
    [string] $StartFrom,
    [string] $KnobPort,
    [int] $IntervalMs,
    [int] $Channel,
    [string] $Transport,
    [string] $Model
)

$ErrorActionPreference = 'Stop'
try {
    Import-Module (Join-Path $PSScriptRoot '..' 'NeuralDx7.psd1')

    $arguments = @{ InputPort = $InputPort; OutputPort = $OutputPort }
    # Options go on to the cmdlet only when the caller gave them: the cmdlet owns their defaults and ranges.
    foreach ($option in 'ControllerMap', 'IntervalMs', 'Channel', 'Transport', 'Model') { if ($PSBoundParameters.ContainsKey($option)) { $arguments[$option] = $PSBoundParameters[$option] } }
    if ($StartFrom) {
        $colon = $StartFrom.LastIndexOf(':')
        $arguments.FromVoice = Get-Dx7Voice -LiteralPath $StartFrom.Substring(0, $colon) -Index ([int]$StartFrom.Substring($colon + 1))
        $arguments.KnobPort = if ($KnobPort) { $KnobPort } else { $InputPort }
    }

    Write-Host "Playing $OutputPort from $InputPort. Turn knobs; Ctrl+C stops." -ForegroundColor Green
    Start-Dx7Live @arguments | ForEach-Object { '{0:HH:mm:ss.fff} {1}' -f $_.Time, $_.What }
}
catch {
    Write-Error $_ -ErrorAction Continue
    exit 1
}

exit 0
