@{
    # The module is built into module/bin by ./build.ps1; this manifest works from a clone and, staged
    # with module/, models/ and scripts/ by './build.ps1 -Task Package', from the PowerShell Gallery.
    RootModule           = 'module/bin/NeuralDx7.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = 'b3576b5b-f9d7-4f4b-af40-403e6a836db8'
    Author               = 'NeuralDx7 contributors'
    CompanyName          = 'NeuralDx7'
    Copyright            = '(c) NeuralDx7 contributors. MIT licence.'
    Description          = 'Generate, read, repair and send Yamaha DX7 voices from scripts: a neural network (a VAE over the 155 DX7 parameters) that makes new cartridges, and a sysex codec that reads the real-world ones.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('module/NeuralDx7.Format.ps1xml')
    CmdletsToExport      = @(
        'Export-Dx7Audio'
        'Export-Dx7Report'
        'Export-Syx'
        'Find-Dx7Voice'
        'Get-MidiPort'
        'Get-Dx7Category'
        'Get-Dx7Latent'
        'Get-Dx7Voice'
        'Import-Dx7Corpus'
        'Measure-Dx7Category'
        'Measure-Dx7Latent'
        'Measure-Dx7Likeness'
        'Measure-Dx7Performance'
        'Invoke-Dx7Training'
        'Measure-Dx7Uniqueness'
        'New-Dx7Cart'
        'New-Dx7Interpolation'
        'New-Dx7Variation'
        'Repair-Dx7Voice'
        'Send-MidiSysex'
        'Start-Dx7Live'
        'Test-Dx7Model'
        'Test-Dx7Voice'
        'Update-Dx7Matcher'
        'Update-Dx7Prior'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('DX7', 'Yamaha', 'FM', 'Synthesizer', 'MIDI', 'Sysex', 'NeuralNetwork', 'VAE', 'Music')
            LicenseUri   = 'https://github.com/neuraldx7/neuraldx7/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/neuraldx7/neuraldx7'
            ReleaseNotes = 'First release: cartridge codec, generation, interpolation, variation, training and evaluation.'
        }
    }
}
