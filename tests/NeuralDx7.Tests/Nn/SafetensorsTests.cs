using System.Buffers.Binary;
using System.Text;
using NeuralDx7.Nn.IO;

namespace NeuralDx7.Tests.Nn;

public class SafetensorsTests
{
    [Fact]
    public void Tensors_and_metadata_round_trip()
    {
        using var temp = new TempFolder();
        var tensors = new[]
        {
            new NamedTensor("encoder.weight", [3, 2], [1, -2, 3.5f, float.MaxValue, float.Epsilon, -0f]),
            new NamedTensor("scalar", [], [42]),
            new NamedTensor("empty", [0, 4], []),
        };
        using (var file = File.Create(temp.File("m.safetensors")))
        {
            Safetensors.Write(file, tensors, new Dictionary<string, string> { ["format"] = "pt", ["step"] = "12" });
        }

        var (loaded, metadata) = Safetensors.Load(temp.File("m.safetensors"));
        Assert.Equal("12", metadata["step"]);
        Assert.Equal(tensors.Select(t => t.Name), loaded.Select(t => t.Name));
        for (int i = 0; i < tensors.Length; i++)
        {
            Assert.Equal(tensors[i].Shape, loaded[i].Shape);
            Assert.Equal(tensors[i].Data, loaded[i].Data);
        }

        byte[] bytes = File.ReadAllBytes(temp.File("m.safetensors"));
        Assert.Equal(0UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes) % 8); // data starts aligned
    }

    [Fact]
    public void A_header_length_beyond_the_file_is_refused_before_allocating()
    {
        using var temp = new TempFolder();
        byte[] bytes = new byte[64];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1UL << 40);
        File.WriteAllBytes(temp.File("big.safetensors"), bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => Safetensors.Load(temp.File("big.safetensors")));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        Assert.Contains("header", error.Message, StringComparison.Ordinal);
        Assert.Contains("big.safetensors", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-4,4]}}", 8, "offsets")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, "overlapping")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "hole")]
    [InlineData("{\"a\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "dtype Q4")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "shape [3]")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}", 8, "outside")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 12, "no tensor claims")]
    [InlineData("[1,2]", 0, "not a JSON object")]
    [InlineData("{\"a\":", 0, "not JSON")]
    public void Damaged_headers_are_refused_with_a_clear_error(string header, int dataBytes, string expected)
    {
        using var temp = new TempFolder();
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        File.WriteAllBytes(temp.File("bad.safetensors"), bytes);
        var error = Assert.Throws<InvalidDataException>(() => Safetensors.Load(temp.File("bad.safetensors")));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Double_tensors_load_as_float()
    {
        using var temp = new TempFolder();
        var json = Encoding.UTF8.GetBytes("{\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}");
        var bytes = new byte[8 + json.Length + 16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(8 + json.Length), 0.25);
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(16 + json.Length), -3);
        File.WriteAllBytes(temp.File("d.safetensors"), bytes);
        Assert.Equal([0.25f, -3f], Safetensors.Load(temp.File("d.safetensors")).Tensors[0].Data);
    }
}
