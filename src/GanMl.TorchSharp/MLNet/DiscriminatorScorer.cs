using GanMl.Torch;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl;

/// <summary>
/// D(x) of rows in blocks: D's BatchNorm uses the statistics of the rows scored together (see
/// <see cref="GanTrainer.Discriminate"/>), so rows are scored in blocks of the training batch size, the last one taking
/// the rest (between one and two block sizes), never a short tail. Capped to bound memory.
/// </summary>
internal sealed class DiscriminatorScorer(GanTrainer trainer, GanModelInfo info)
{
    private int FeatureSize => trainer.Spec.FeatureSize;

    /// <summary>Rows per scored block.</summary>
    public int Block => Math.Min(trainer.Options.BatchSize, 256);

    /// <summary>D(x) of rows in network scale (generated rows), block by block.</summary>
    public float[] Score(float[] values, long[]? labels)
    {
        int rows = values.Length / FeatureSize, block = Block;
        var scores = new float[rows];
        for (int start = 0; start < rows;)
        {
            int n = rows - start >= 2 * block ? block : rows - start;
            trainer.Discriminate(values[(start * FeatureSize)..((start + n) * FeatureSize)], n, labels?[start..(start + n)]).CopyTo(scores, start);
            start += n;
        }
        return scores;
    }

    /// <summary>
    /// The score of <paramref name="row"/>'s current row. <paramref name="ahead"/> runs over the same rows: it reads them in
    /// blocks as <see cref="Score"/> splits them (the last block takes the rest), and the block is scored together.
    /// </summary>
    public ValueGetter<float> CreateGetter(DataViewRow row, DataViewRowCursor ahead, TrainingColumns columns)
    {
        var features = ahead.GetGetter<VBuffer<float>>(ahead.Schema[columns.Feature.Name]);
        var label = info.Labels?.CreateIndexGetter(ahead, ahead.Schema[columns.Label!.Value.Name]);
        VBuffer<float> buffer = default;
        int block = Block;
        var pending = new List<(float[] Values, int Label)>();
        float[] scores = [];
        long start = 0;
        bool ended = false;
        return (ref float score) =>
        {
            long position = row.Position;
            while (position >= start + scores.Length)
            {
                start += scores.Length;
                while (!ended && pending.Count < 2 * block)
                {
                    if (!ahead.MoveNext()) { ended = true; break; }
                    features(ref buffer);
                    var values = new float[FeatureSize];
                    buffer.CopyTo(values);
                    info.Scaler.ToNetwork(values);
                    pending.Add((values, label?.Invoke() ?? 0));
                }
                int take = ended ? pending.Count : block;
                if (take == 0) throw new InvalidOperationException($"Row {position} has no discriminator score: the data yielded fewer rows on a second cursor.");
                scores = ScoreBlock(pending.GetRange(0, take), label is not null);
                pending.RemoveRange(0, take);
            }
            score = scores[position - start];
        };
    }

    /// <summary>Scores the rows with a known label together; an unknown or missing label has no defined score (NaN).</summary>
    private float[] ScoreBlock(List<(float[] Values, int Label)> rows, bool conditional)
    {
        var scores = new float[rows.Count];
        Array.Fill(scores, float.NaN);
        var known = Enumerable.Range(0, rows.Count).Where(i => rows[i].Label >= 0).ToArray();
        if (known.Length == 0) return scores;
        var values = new float[(long)known.Length * FeatureSize];
        for (int k = 0; k < known.Length; k++) rows[known[k]].Values.CopyTo(values, k * FeatureSize);
        var d = trainer.Discriminate(values, known.Length, conditional ? known.Select(i => (long)rows[i].Label).ToArray() : null);
        for (int k = 0; k < known.Length; k++) scores[known[k]] = d[k];
        return scores;
    }
}
