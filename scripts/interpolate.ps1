<#
.SYNOPSIS
    Makes a cartridge that moves from one voice to another through the model's latent space.

.DESCRIPTION
    Encodes two voices and decodes -Steps points on the path between them (both ends included): a 32-voice
    cartridge by default, voice 0 near the first voice and voice 31 near the second.

.PARAMETER From
    The first voice, as file:index (for example ROM1A.syx:0).

.PARAMETER To
    The last voice, as file:index.

.PARAMETER OutFile
    The cartridge to write.

.PARAMETER Steps
    Voices on the path, both ends included; New-Dx7Interpolation's default (a 32-voice cartridge) when not given.

.PARAMETER Method
    Linear or Slerp; New-Dx7Interpolation's default when not given.

.EXAMPLE
    ./scripts/interpolate.ps1 -From ./ROM1A.syx:0 -To ./ROM1A.syx:10 -OutFile ./brass-to-piano.syx

.EXAMPLE
    ./scripts/interpolate.ps1 -From a.syx:3 -To b.syx:7 -OutFile ./morph.syx -Method Linear -Force
.NOTES
    Exit codes: 0 the cartridge was written (or -WhatIf showed it); 1 it was not (the error says why).
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [string] $From,
    [Parameter(Mandatory)] [string] $To,
    [Parameter(Mandatory)] [string] $OutFile,
    [int] $Steps,
    [string] $Method,
    [string] $Model,
    [switch] $Force
)

$ErrorActionPreference = 'Stop'
try {
    Import-Module (Join-Path $PSScriptRoot '..' 'NeuralDx7.psd1')

    function Get-VoiceReference([string] $Reference) {
        $colon = $Reference.LastIndexOf(':')
        if ($colon -le 0) { throw "'$Reference' is not file:index (for example ROM1A.syx:0)." }
        $voice = Get-Dx7Voice -LiteralPath $Reference.Substring(0, $colon) -Index ([int]$Reference.Substring($colon + 1))
        if (-not $voice) { throw "There is no voice $Reference." }
        $voice
    }

    $arguments = @{ From = (Get-VoiceReference $From); To = (Get-VoiceReference $To) }
    # Options go on to the cmdlet only when the caller gave them: the cmdlet owns their defaults and ranges.
    foreach ($option in 'Steps', 'Method', 'Model') { if ($PSBoundParameters.ContainsKey($option)) { $arguments[$option] = $PSBoundParameters[$option] } }
    New-Dx7Interpolation @arguments | Export-Syx -Path $OutFile -Force:$Force -PassThru
}
catch {
    Write-Error $_ -ErrorAction Continue
    exit 1
}

exit 0
