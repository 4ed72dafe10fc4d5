using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;

namespace NeuralDx7.Nn.IO;

/// <summary>One tensor of a safetensors file: float32 data and its shape.</summary>
public sealed record NamedTensor(string Name, int[] Shape, float[] Data);

/// <summary>
/// The safetensors format: an 8-byte little-endian header length, a JSON header giving each tensor's dtype,
/// shape and byte offsets, then the raw little-endian data. Reading checks the header length and every
/// offset against the file's size before allocating anything, and refuses overlaps, holes, unknown dtypes
/// and shapes that do not match their bytes.
/// </summary>
public static class Safetensors
{
    /// <summary>Largest header accepted (the reference implementation's limit).</summary>
    public const long MaxHeaderBytes = 100L * 1024 * 1024;

    /// <summary>
    /// Writes tensors (F32) and string metadata to <paramref name="stream"/>. Callers that write a file make it atomic
    /// themselves (a temporary file renamed into place): the engine does not decide how files are kept.
    /// </summary>
    public static void Write(Stream stream, IEnumerable<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        using var headerBuffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(headerBuffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var tensor in list)
            {
                if (tensor.Data.Length != ShapeLength(tensor.Shape))
                {
                    throw new ArgumentException($"Tensor {tensor.Name} has {tensor.Data.Length} values for shape [{string.Join(", ", tensor.Shape)}].");
                }

                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int d in tensor.Shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += tensor.Data.Length * 4L;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
        var header = headerBuffer.ToArray();
        int padded = (header.Length + 7) / 8 * 8;
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
            stream.Write(length);
            stream.Write(header);
            for (int i = header.Length; i < padded; i++)
            {
                stream.WriteByte((byte)' ');
            }

            var bytes = new byte[4096];
            foreach (var tensor in list)
            {
                for (int start = 0; start < tensor.Data.Length; start += bytes.Length / 4)
                {
                    int count = Math.Min(bytes.Length / 4, tensor.Data.Length - start);
                    for (int i = 0; i < count; i++)
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), tensor.Data[start + i]);
                    }

                    stream.Write(bytes, 0, count * 4);
                }
            }
        }
    }

    /// <summary>The metadata of a file, without reading its tensors' data.</summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var (header, dataLength) = ReadHeader(path, file);
        ParseHeader(path, header, dataLength, out var metadata);
        return metadata;
    }

    /// <summary>Reads a file; F32, F64 and I32 tensors load as float32 (an I32 of up to 2^24 exactly: token ids, counts).</summary>
    public static (IReadOnlyList<NamedTensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Load(file, path);
    }

    /// <summary>Reads safetensors from a seekable stream, named <paramref name="source"/> in errors.</summary>
    public static (IReadOnlyList<NamedTensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Load(Stream file, string source)
    {
        ArgumentNullException.ThrowIfNull(file);
        string path = source;
        var (header, dataLength) = ReadHeader(path, file);
        long dataStart = 8 + header.Length;
        var entries = ParseHeader(path, header, dataLength, out var metadata);

        var tensors = new List<NamedTensor>(entries.Count);
        foreach (var (name, dtype, shape, begin, end) in entries)
        {
            var raw = new byte[end - begin];
            file.Position = dataStart + begin;
            file.ReadExactly(raw);
            int count = ShapeLength(shape);
            var data = new float[count];
            for (int i = 0; i < count; i++)
            {
                data[i] = dtype switch
                {
                    "F32" => BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(i * 4)),
                    "I32" => BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(i * 4)),
                    _ => (float)BinaryPrimitives.ReadDoubleLittleEndian(raw.AsSpan(i * 8)),
                };
            }

            tensors.Add(new NamedTensor(name, shape, data));
        }

        return (tensors, metadata);
    }

    // The header's length is checked against the file before the header is allocated.
    private static (byte[] Header, long DataLength) ReadHeader(string path, Stream file)
    {
        long fileLength = file.Length;
        if (fileLength < 8)
        {
            throw Bad(path, $"is {fileLength} bytes, shorter than the 8-byte header length");
        }

        Span<byte> lengthBytes = stackalloc byte[8];
        file.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)(fileLength - 8) || headerLength > MaxHeaderBytes)
        {
            throw Bad(path, $"declares a {headerLength}-byte header in a {fileLength}-byte file");
        }

        var header = new byte[headerLength];
        file.ReadExactly(header);
        return (header, fileLength - 8 - (long)headerLength);
    }

    private static List<(string Name, string DType, int[] Shape, long Begin, long End)> ParseHeader(
        string path, byte[] header, long dataLength, out Dictionary<string, string> metadata)
    {
        metadata = [];
        var entries = new List<(string, string, int[], long, long)>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw Bad(path, $"has a header that is not JSON ({e.Message})");
        }

        using (document)
        {
            try
            {
                ParseRoot(path, document, dataLength, metadata, entries);
            }
            catch (InvalidOperationException e)
            {
                // Valid JSON whose names or strings are not valid UTF-8: System.Text.Json refuses to decode them.
                throw Bad(path, $"has a header with text that is not UTF-8 ({e.Message})");
            }
        }

        // Offsets must tile the data exactly: no overlaps, no holes (no room for a second file inside).
        long expected = 0;
        foreach (var entry in entries.OrderBy(e => e.Item4))
        {
            if (entry.Item4 != expected)
            {
                throw Bad(path, entry.Item4 < expected
                    ? $"has tensor {entry.Item1} overlapping the one before it (offset {entry.Item4}, previous ends at {expected})"
                    : $"has a hole in its data before tensor {entry.Item1} (offset {entry.Item4}, previous ends at {expected})");
            }

            expected = entry.Item5;
        }

        if (expected != dataLength)
        {
            throw Bad(path, $"has {dataLength - expected} bytes of data that no tensor claims");
        }

        return entries;
    }

    private static void ParseRoot(string path, JsonDocument document, long dataLength, Dictionary<string, string> metadata,
        List<(string, string, int[], long, long)> entries)
    {
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw Bad(path, "has a header that is not a JSON object");
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name == "__metadata__")
            {
                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    throw Bad(path, "has __metadata__ that is not an object of strings");
                }

                foreach (var item in property.Value.EnumerateObject())
                {
                    metadata[item.Name] = item.Value.ValueKind == JsonValueKind.String ? item.Value.GetString()! : throw Bad(path, $"has metadata {item.Name} that is not a string");
                }

                continue;
            }

            entries.Add(ParseEntry(path, property, dataLength));
        }
    }

    private static (string, string, int[], long, long) ParseEntry(string path, JsonProperty property, long dataLength)
    {
        var value = property.Value;
        string name = property.Name;
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array
            || offsetsElement.GetArrayLength() != 2)
        {
            throw Bad(path, $"has tensor {name} without a dtype, shape and two data offsets");
        }

        string dtype = dtypeElement.GetString()!;
        int size = dtype switch
        {
            "F32" => 4,
            "F64" => 8,
            "I32" => 4,
            _ => throw Bad(path, $"has tensor {name} of dtype {dtype}; only F32, F64 and I32 are supported"),
        };

        var shape = new int[shapeElement.GetArrayLength()];
        long elements = 1;
        int i = 0;
        foreach (var d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out shape[i]) || shape[i] < 0)
            {
                throw Bad(path, $"has tensor {name} with a size that is not a non-negative integer");
            }

            elements *= shape[i++];
            if (elements > int.MaxValue)
            {
                throw Bad(path, $"has tensor {name} with more elements than fit in memory");
            }
        }

        var offsets = offsetsElement.EnumerateArray().ToArray();
        if (!offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end) || begin < 0 || end < begin || end > dataLength)
        {
            throw Bad(path, $"has tensor {name} with offsets [{offsets[0]}, {offsets[1]}] outside its {dataLength} bytes of data");
        }

        if (end - begin != elements * size)
        {
            throw Bad(path, string.Create(CultureInfo.InvariantCulture,
                $"has tensor {name} of shape [{string.Join(", ", shape)}] ({elements * size} bytes of {dtype}) over {end - begin} bytes"));
        }

        return (name, dtype, shape, begin, end);
    }

    private static int ShapeLength(int[] shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            n *= d;
        }

        return checked((int)n);
    }

    private static InvalidDataException Bad(string path, string what) => new($"{path}: not a valid safetensors file: it {what}.");
}
