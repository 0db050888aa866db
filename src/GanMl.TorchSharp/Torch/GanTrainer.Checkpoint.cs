using System.Runtime.InteropServices;
using System.Text;
using static TorchSharp.torch;

namespace GanMl.Torch;

/// <summary>The checkpoint format: everything training needs to resume exactly.</summary>
internal sealed partial class GanTrainer
{
    private const string CheckpointMagic = "GANML-CHECKPOINT";
    // Version 2 added the generator's moving average.
    private const int CheckpointVersion = 2;

    /// <summary>Writes both networks, both optimiser states, the step counters and the noise generator state, so training resumes exactly.</summary>
    public void SaveCheckpoint(Stream stream)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            ArgumentNullException.ThrowIfNull(stream);
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(CheckpointMagic);
            writer.Write(CheckpointVersion);
            writer.Write(GeneratorSteps);
            writer.Write(DiscriminatorSteps);
            writer.Write(EpochsCompleted);
            writer.Write(_discriminatorStepsSinceGenerator);
            using (var state = _noise.get_state())
            {
                var bytes = state.data<byte>().ToArray();
                writer.Write(bytes.Length);
                writer.Write(bytes);
            }
            Generator.save(writer);
            Discriminator.save(writer);
            writer.Write(_average is not null);
            _average?.Network.save(writer);
            _generatorOptimizer.save_state_dict(writer);
            _discriminatorOptimizer.save_state_dict(writer);
            writer.Flush();
        }
    }

    /// <summary>Restores what <see cref="SaveCheckpoint"/> wrote. The trainer must have been built with the same spec.</summary>
    public void LoadCheckpoint(Stream stream)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            ArgumentNullException.ThrowIfNull(stream);
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            try
            {
                if (reader.ReadString() != CheckpointMagic) throw new InvalidDataException("Not a GanMl checkpoint (bad magic).");
                int version = reader.ReadInt32();
                if (version is < 1 or > CheckpointVersion) throw new InvalidDataException($"GanMl checkpoint format version {version} is not supported (this GanMl reads 1 to {CheckpointVersion}).");
                GeneratorSteps = reader.ReadInt64();
                DiscriminatorSteps = reader.ReadInt64();
                EpochsCompleted = reader.ReadInt32();
                _discriminatorStepsSinceGenerator = reader.ReadInt32();
                var state = reader.ReadBytes(reader.ReadInt32());
                using (var stateTensor = tensor(state, dtype: ScalarType.Byte)) _noise.set_state(stateTensor);
                Generator.load(reader);
                Discriminator.load(reader);
                // Version 1 had no moving average: it starts from the generator's weights.
                bool savedAverage = version >= 2 && reader.ReadBoolean();
                if (savedAverage && _average is null) throw new InvalidDataException("The checkpoint holds a generator moving average, but this trainer has GeneratorEmaDecay = 0.");
                if (savedAverage) _average!.Load(reader);
                else _average?.ResetTo(Generator);
                _generatorOptimizer.load_state_dict(reader);
                _discriminatorOptimizer.load_state_dict(reader);
            }
            catch (Exception e) when (e is EndOfStreamException or ArgumentException or ExternalException or IOException && e is not InvalidDataException)
            {
                throw new InvalidDataException($"The GanMl checkpoint is truncated or does not match this network ({Spec.Architecture}, {Spec.FeatureSize} features): {e.Message}", e);
            }
        }
    }
}
