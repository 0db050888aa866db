using GanMl;

namespace Microsoft.ML;

/// <summary>Catalog extensions for FID: <c>ml.Transforms.Fid(...)</c>.</summary>
public static class FidCatalog
{
    /// <summary>An estimator that learns reference feature statistics from an existing feature column.</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="featureColumnName">Feature column: <c>Vector&lt;Single&gt;</c> of known size.</param>
    public static FidEstimator Fid(this TransformsCatalog catalog, string featureColumnName = "Features")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new FidEstimator(catalog, new FidOptions { FeatureColumnName = featureColumnName });
    }

    /// <summary>An estimator that learns reference feature statistics, optionally extracting features with an ONNX model.</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="options">Feature column, ONNX extractor and KID options.</param>
    public static FidEstimator Fid(this TransformsCatalog catalog, FidOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new FidEstimator(catalog, options);
    }
}
