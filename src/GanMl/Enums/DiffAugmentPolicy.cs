namespace GanMl;

/// <summary>The differentiable augmentations of DiffAugment (Zhao et al., 2020), applied to real and fake images alike before D.</summary>
[Flags]
public enum DiffAugmentPolicy
{
    /// <summary>No augmentation.</summary>
    None = 0,
    /// <summary>Random brightness, saturation and contrast.</summary>
    Color = 1,
    /// <summary>Random integer shift of up to 1/8 of the side, zero-filled.</summary>
    Translation = 2,
    /// <summary>A random square of half the side set to zero.</summary>
    Cutout = 4,
    /// <summary>Color, translation and cutout: the paper's recommendation for small datasets.</summary>
    All = Color | Translation | Cutout,
}
