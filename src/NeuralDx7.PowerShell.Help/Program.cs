using System.Xml.Linq;
using NeuralDx7.PowerShell.Help;

// build.ps1: NeuralDx7.PowerShell.Help <module dll> <System.Management.Automation.dll> <out MAML file>
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: NeuralDx7.PowerShell.Help <module.dll> <System.Management.Automation.dll> <out.xml>");
    return 2;
}

string documentation = Path.ChangeExtension(args[0], ".xml");
using var metadata = new CmdletMetadata(args[0], args[1]);
var maml = MamlWriter.Write(metadata.Cmdlets(), XDocument.Load(documentation));
MamlWriter.Save(maml, args[2]);
Console.WriteLine($"{args[2]}: help for {metadata.Cmdlets().Count} cmdlets");
return 0;
