package dev.sonicsaviors.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Looks architectures up by the name stored in {@code model.json}. */
public final class Architectures {

    private static final Pattern CONV = Pattern.compile(Pattern.quote(ConvAutoencoder.NAME) + "-(\\d+)x(\\d+)-(\\d+)");

    private static final Pattern MASK = Pattern.compile(Pattern.quote(MaskNet.NAME) + "-(\\d+)x(\\d+)");

    private static final Pattern MASK_REFINED = Pattern.compile(Pattern.quote(MaskNet.REFINED_NAME) + "-(\\d+)x(\\d+)");

    private static final Pattern MASK_UNET = Pattern.compile(Pattern.quote(MaskNet.UNET_NAME) + "-(\\d+)x(\\d+)");

    private Architectures() {
    }

    /** Returns the architecture called {@code name}, or throws {@link IllegalArgumentException} naming it. */
    public static Architecture byName(String name) {
        if (SeedAutoencoder.NAME.equals(name)) {
            return new SeedAutoencoder();
        }
        Matcher m = CONV.matcher(name);
        if (m.matches()) {
            return new ConvAutoencoder(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        }
        Matcher mm = MASK.matcher(name);
        if (mm.matches()) {
            return new MaskNet(Integer.parseInt(mm.group(1)), Integer.parseInt(mm.group(2)));
        }
        Matcher mr = MASK_REFINED.matcher(name);
        if (mr.matches()) {
            return new MaskNet(Integer.parseInt(mr.group(1)), Integer.parseInt(mr.group(2)), 0, 0, true);
        }
        Matcher mu = MASK_UNET.matcher(name);
        if (mu.matches()) {
            return new MaskNet(Integer.parseInt(mu.group(1)), Integer.parseInt(mu.group(2)), 0, 0, MaskNet.Variant.UNET, null, 0);
        }
        throw new IllegalArgumentException("unknown architecture '" + name + "'");
    }
}
