package dev.sonicsaviors.model;

import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Looks architectures up by the name stored in {@code model.json}. */
public final class Architectures {

    private static final Pattern CONV = Pattern.compile(Pattern.quote(ConvAutoencoder.NAME) + "-(\\d+)x(\\d+)-(\\d+)");

    /** One pattern per mask-net variant: {@code <prefix>-<bins>x<frames>}. */
    private static final Map<MaskNet.Variant, Pattern> MASK = new EnumMap<>(MaskNet.Variant.class);

    static {
        for (MaskNet.Variant v : MaskNet.Variant.values()) {
            MASK.put(v, Pattern.compile(Pattern.quote(v.prefix()) + "-(\\d+)x(\\d+)"));
        }
    }

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
        for (Map.Entry<MaskNet.Variant, Pattern> e : MASK.entrySet()) {
            Matcher mm = e.getValue().matcher(name);
            if (mm.matches()) {
                return new MaskNet(Integer.parseInt(mm.group(1)), Integer.parseInt(mm.group(2)), 0, 0, e.getKey(), null, 0);
            }
        }
        throw new IllegalArgumentException("unknown architecture '" + name + "'");
    }
}
