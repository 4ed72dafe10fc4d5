# Shared by the Pester tests: the module from this clone, and the real corpus in ../shared.
$script:Root = Resolve-Path (Join-Path $PSScriptRoot '..' '..')
Import-Module (Join-Path $script:Root 'NeuralDx7.psd1') -Force

$shared = if ($env:NEURALDX7_SHARED) { $env:NEURALDX7_SHARED } else { Join-Path (Split-Path $script:Root -Parent) 'shared' }
$script:Corpus = Join-Path $shared 'corpus' 'dexed-cart-1.0'
if (-not (Test-Path $script:Corpus)) { throw "The corpus is not at $script:Corpus; set NEURALDX7_SHARED." }
$script:Yamaha = Join-Path $script:Corpus 'Original Yamaha'
$script:Rom1A = Join-Path $script:Yamaha 'DX7 ROM1' 'ROM1A.syx'
$script:Rom3B = Join-Path $script:Yamaha 'DX7 ROM3' 'ROM3B.syx'

# A model small enough to train in a test.
$script:TinyConfig = Join-Path ([System.IO.Path]::GetTempPath()) 'neuraldx7-tiny-config.json'
@{ heads = 2; headWidth = 8; encoderLayers = 1; decoderLayers = 1; flows = 2; latentSize = 4; conditioningWidth = 4 } |
    ConvertTo-Json | Set-Content -LiteralPath $script:TinyConfig -Encoding utf8
