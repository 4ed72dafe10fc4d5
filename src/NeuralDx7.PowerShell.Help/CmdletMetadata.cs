using System.Reflection;
using System.Runtime.InteropServices;

namespace NeuralDx7.PowerShell.Help;

/// <summary>A cmdlet parameter as PowerShell will see it, read from attributes without running anything.</summary>
/// <param name="DeclaringClass">The class that declares the property (a shared base cmdlet's, when inherited): where its doc comment lives.</param>
public sealed record CmdletParameter(
    string Name,
    string TypeName,
    bool Mandatory,
    int? Position,
    bool ByValue,
    bool ByPropertyName,
    bool Wildcards,
    string ParameterSet,
    IReadOnlyList<string> Aliases,
    string DeclaringClass);

/// <summary>A cmdlet class as PowerShell will see it.</summary>
public sealed record CmdletInfo(
    string Verb,
    string Noun,
    string ClassName,
    IReadOnlyList<string> OutputTypes,
    IReadOnlyList<CmdletParameter> Parameters,
    bool SupportsShouldProcess)
{
    public string Name => $"{Verb}-{Noun}";
}

/// <summary>
/// Reads a binary module's cmdlets with MetadataLoadContext: attributes as data, so neither PowerShell nor the
/// module has to load (this machine has no PowerShell at all).
/// </summary>
public sealed class CmdletMetadata : IDisposable
{
    private readonly MetadataLoadContext _context;

    public CmdletMetadata(string moduleAssembly, string automationAssembly)
    {
        ArgumentNullException.ThrowIfNull(moduleAssembly);
        var paths = new List<string>(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"))
        {
            automationAssembly,
        };
        paths.AddRange(Directory.GetFiles(Path.GetDirectoryName(Path.GetFullPath(moduleAssembly))!, "*.dll"));
        _context = new MetadataLoadContext(new PathAssemblyResolver(paths.Distinct(StringComparer.Ordinal)));
        Module = _context.LoadFromAssemblyPath(Path.GetFullPath(moduleAssembly));
    }

    public Assembly Module { get; }

    /// <summary>Every public cmdlet class of the module, ordered by name.</summary>
    public IReadOnlyList<CmdletInfo> Cmdlets()
    {
        var result = new List<CmdletInfo>();
        foreach (var type in Module.GetExportedTypes().Where(t => !t.IsAbstract))
        {
            var cmdlet = Attribute(type, "CmdletAttribute");
            if (cmdlet is null)
            {
                continue;
            }

            bool shouldProcess = cmdlet.NamedArguments.Any(a => a.MemberName == "SupportsShouldProcess" && a.TypedValue.Value is true);
            var outputs = type.GetCustomAttributesData()
                .Where(a => a.AttributeType.Name == "OutputTypeAttribute")
                .SelectMany(a => a.ConstructorArguments)
                .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => m.Value) : [arg.Value])
                .Select(v => v is Type t ? t.FullName! : v?.ToString() ?? "")
                .ToList();
            result.Add(new CmdletInfo(
                (string)cmdlet.ConstructorArguments[0].Value!,
                (string)cmdlet.ConstructorArguments[1].Value!,
                type.FullName!,
                outputs,
                Parameters(type),
                shouldProcess));
        }

        return [.. result.OrderBy(c => c.Name, StringComparer.Ordinal)];
    }

    /// <summary>Types of the module and its dependencies, by full name (to check names a format file uses).</summary>
    public Type? FindType(string fullName)
    {
        foreach (string file in Directory.GetFiles(Path.GetDirectoryName(Module.Location)!, "NeuralDx7*.dll"))
        {
            var assembly = _context.LoadFromAssemblyPath(file);
            if (assembly.GetType(fullName) is Type type)
            {
                return type;
            }
        }

        return null;
    }

    public void Dispose() => _context.Dispose();

    private static List<CmdletParameter> Parameters(Type type)
    {
        var parameters = new List<CmdletParameter>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var aliases = property.GetCustomAttributesData()
                .Where(a => a.AttributeType.Name == "AliasAttribute")
                .SelectMany(a => a.ConstructorArguments)
                .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => (string)m.Value!) : [(string)arg.Value!])
                .ToList();
            bool wildcards = property.GetCustomAttributesData().Any(a => a.AttributeType.Name == "SupportsWildcardsAttribute");
            foreach (var attribute in property.GetCustomAttributesData().Where(a => a.AttributeType.Name == "ParameterAttribute"))
            {
                object? Named(string name) => attribute.NamedArguments.FirstOrDefault(a => a.MemberName == name).TypedValue.Value;
                parameters.Add(new CmdletParameter(
                    property.Name,
                    TypeName(property.PropertyType),
                    Named("Mandatory") is true,
                    Named("Position") is int position && position >= 0 ? position : null,
                    Named("ValueFromPipeline") is true,
                    Named("ValueFromPipelineByPropertyName") is true,
                    wildcards,
                    Named("ParameterSetName") as string ?? "__AllParameterSets",
                    aliases,
                    property.DeclaringType?.FullName ?? type.FullName!));
            }
        }

        return parameters;
    }

    private static string TypeName(Type type)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1")
        {
            return TypeName(type.GetGenericArguments()[0]);
        }

        return type.FullName ?? type.Name;
    }

    private static CustomAttributeData? Attribute(Type type, string name) =>
        type.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.Name == name);
}
