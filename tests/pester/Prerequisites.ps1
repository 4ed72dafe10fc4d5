# What the tests need from outside the repository, found the same way at discovery (BeforeDiscovery, where -Skip is
# decided) and at run time (BeforeAll). A NEURALDX7_REQUIRE_* variable (CI sets them) makes a missing prerequisite
# fail its tests instead of skipping them.
$shared = if ($env:NEURALDX7_SHARED) { $env:NEURALDX7_SHARED } else { Join-Path (Split-Path (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).Path -Parent) 'shared' }
$script:Corpus = Join-Path $shared 'corpus' 'dexed-cart-1.0'
$script:HasCorpus = (Test-Path -LiteralPath $script:Corpus) -or $env:NEURALDX7_REQUIRE_CORPUS -eq '1'

# A JACK server answers jack_lsp when it runs; .ci/run starts one (jackd -d dummy).
$script:HasJack = $env:NEURALDX7_REQUIRE_JACK -eq '1' -or (
    [bool](Get-Command jack_lsp -ErrorAction SilentlyContinue) -and $null -ne (& jack_lsp 2>$null))

# Debian's hexter DX7 plugin; .ci/run installs it.
$script:HasHexter = (Test-Path -LiteralPath '/usr/lib/dssi/hexter.so') -or $env:NEURALDX7_REQUIRE_HEXTER -eq '1'
