using System.Globalization;

namespace NeuralDx7.Model.Training;

/// <summary>
/// A model folder held by one training run at a time: an exclusive lock on a file in it, released by the system if the
/// process dies. A second run into the same folder is refused, naming the first one's process.
/// </summary>
internal sealed class TrainingLock : IDisposable
{
    public const string LockFile = ".training.lock";
    public const string OwnerFile = ".training.pid";

    private readonly FileStream _lock;
    private readonly string _folder;

    private TrainingLock(FileStream stream, string folder)
    {
        _lock = stream;
        _folder = folder;
    }

    public static TrainingLock Take(string folder)
    {
        Directory.CreateDirectory(folder);
        FileStream stream;
        try
        {
            stream = new FileStream(Path.Combine(folder, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            string owner = File.Exists(Path.Combine(folder, OwnerFile)) ? File.ReadAllText(Path.Combine(folder, OwnerFile)).Trim() : "";
            throw new IOException($"{folder} is being trained by another run{(owner.Length > 0 ? $" (process {owner})" : "")}: wait for it to finish, or train into another folder.");
        }

        File.WriteAllText(Path.Combine(folder, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        return new TrainingLock(stream, folder);
    }

    public void Dispose()
    {
        File.Delete(Path.Combine(_folder, OwnerFile));
        _lock.Dispose();
        File.Delete(Path.Combine(_folder, LockFile));
    }
}
