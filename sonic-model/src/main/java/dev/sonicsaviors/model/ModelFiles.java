package dev.sonicsaviors.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sonicsaviors.io.AtomicFiles;
import dev.sonicsaviors.io.Npy;
import dev.sonicsaviors.io.NpyArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads and writes model folders: {@code model.json} ({@link ModelInfo}) plus one float32 C-order {@code .npy} per
 * variable in Keras layout ({@code conv2d.kernel.npy} for {@code conv2d/kernel}); checkpoints add Adam's moments
 * ({@code adam.m.conv2d.kernel.npy}, {@code adam.v...}) and {@code training-state.json}. Folders are written into a
 * temporary sibling and renamed into place, so a crash at any moment leaves the previous folder readable.
 */
public final class ModelFiles {

    /** The {@code model.json} format version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** The descriptor's file name. */
    public static final String MODEL_JSON = "model.json";
    /** The trainer state's file name inside a checkpoint. */
    public static final String STATE_JSON = "training-state.json";

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Writes the body's files into a folder. */
    @FunctionalInterface
    public interface DirBody {
        /** Writes every file of the folder into {@code dir} (an empty temporary folder). */
        void write(Path dir) throws IOException;
    }

    private ModelFiles() {
    }

    /** Returns the file name of a variable's {@code .npy} ({@code conv2d/kernel -> conv2d.kernel.npy}), with an optional prefix. */
    public static String fileName(String prefix, String variable) {
        return prefix + variable.replace('/', '.') + ".npy";
    }

    /** Builds the descriptor of {@code net} with {@code metadata}. */
    public static ModelInfo describe(Network net, Map<String, Object> metadata) {
        List<ModelInfo.VariableInfo> vars = new ArrayList<>();
        for (Param p : net.params()) {
            vars.add(new ModelInfo.VariableInfo(p.name(), p.intShape(), fileName("", p.name())));
        }
        return new ModelInfo(FORMAT_VERSION, net.architecture().name(), net.architecture().inputShape(), net.parameterCount(), vars, metadata);
    }

    /** Saves {@code net}'s weights and descriptor (with {@code metadata}) to {@code dir} atomically, replacing any previous folder. */
    public static void save(Path dir, Network net, Map<String, Object> metadata) throws IOException {
        ModelInfo info = describe(net, metadata);
        Map<String, float[]> w = net.weights();
        writeAtomically(dir, tmp -> writeModel(tmp, info, w));
    }

    /** Writes descriptor and weights into an existing folder (not atomic by itself). */
    static void writeModel(Path dir, ModelInfo info, Map<String, float[]> weights) throws IOException {
        for (ModelInfo.VariableInfo v : info.variables()) {
            Npy.write(dir.resolve(v.file()), weights.get(v.name()), v.shape());
        }
        AtomicFiles.writeString(dir.resolve(MODEL_JSON), JSON.writeValueAsString(info));
    }

    /** Writes Adam's moments for the variables of {@code info} into an existing folder. */
    static void writeSlots(Path dir, ModelInfo info, Map<String, float[]> m, Map<String, float[]> v) throws IOException {
        for (ModelInfo.VariableInfo var : info.variables()) {
            Npy.write(dir.resolve(fileName("adam.m.", var.name())), m.get(var.name()), var.shape());
            Npy.write(dir.resolve(fileName("adam.v.", var.name())), v.get(var.name()), var.shape());
        }
    }

    /**
     * Writes a folder atomically: into {@code .<name>.tmp} beside it, then the old folder is renamed to
     * {@code .<name>.old}, the new one into place, and the old one deleted; {@link #resolve(Path)} falls back to the
     * {@code .old} folder if a crash happened between the two renames.
     */
    public static void writeAtomically(Path dir, DirBody body) throws IOException {
        Path abs = dir.toAbsolutePath();
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve("." + abs.getFileName() + ".tmp");
        Path old = parent.resolve("." + abs.getFileName() + ".old");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        try {
            body.write(tmp);
        } catch (IOException | RuntimeException | Error e) {
            deleteTree(tmp);
            throw e;
        }
        if (Files.exists(abs)) {
            deleteTree(old);
            move(abs, old);
        }
        move(tmp, abs);
        deleteTree(old);
    }

    /** Returns the readable folder for {@code dir}: itself, or its {@code .old} backup left by an interrupted replace. */
    public static Path resolve(Path dir) {
        Path abs = dir.toAbsolutePath();
        if (!Files.exists(abs)) {
            Path old = abs.getParent().resolve("." + abs.getFileName() + ".old");
            if (Files.isDirectory(old)) {
                return old;
            }
        }
        return abs;
    }

    /** Returns true when {@code dir} (or its backup) holds a {@code model.json}. */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(resolve(dir).resolve(MODEL_JSON));
    }

    /**
     * Reads and validates {@code model.json} in {@code dir}; a missing or unparsable file, another format version, an
     * unknown architecture or an input shape or variable list that differs from the architecture's is an
     * {@link IOException} with a one-line message naming the file.
     */
    public static ModelInfo readInfo(Path dir) throws IOException {
        Path file = resolve(dir).resolve(MODEL_JSON);
        ModelInfo info;
        try {
            info = JSON.readValue(Files.readAllBytes(file), ModelInfo.class);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": missing (not a model folder)", e);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": corrupt model descriptor (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")", e);
        }
        if (info == null || info.architecture() == null || info.inputShape() == null || info.variables() == null) {
            throw new IOException(file + ": incomplete model descriptor");
        }
        if (info.formatVersion() != FORMAT_VERSION) {
            throw new IOException(file + ": model format version " + info.formatVersion() + ", this program reads version " + FORMAT_VERSION);
        }
        Architecture arch;
        try {
            arch = Architectures.byName(info.architecture());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        if (!Arrays.equals(arch.inputShape(), info.inputShape())) {
            throw new IOException(file + ": input shape " + Arrays.toString(info.inputShape()) + " does not match architecture "
                    + arch.name() + " " + Arrays.toString(arch.inputShape()));
        }
        return info;
    }

    /**
     * Reads {@code model.json} in {@code dir} as {@link #readInfo} does and its {@code metadata} section into typed records
     * ({@link ModelMetadata#read}); a missing or wrongly typed field is an {@link IOException} naming the file and the field.
     */
    public static ModelMetadata readMetadata(Path dir) throws IOException {
        return ModelMetadata.read(resolve(dir).resolve(MODEL_JSON).toString(), readInfo(dir).metadata());
    }

    /** Checks that the descriptor lists exactly the network's variables (names and shapes) and parameter count. */
    public static void checkMatches(Path dir, ModelInfo info, Network net) throws IOException {
        Path file = resolve(dir).resolve(MODEL_JSON);
        List<Param> params = net.params();
        if (info.parameterCount() != net.parameterCount() || info.variables().size() != params.size()) {
            throw new IOException(file + ": " + info.variables().size() + " variables / " + info.parameterCount()
                    + " parameters, architecture " + net.architecture().name() + " has " + params.size() + " / " + net.parameterCount());
        }
        for (int i = 0; i < params.size(); i++) {
            ModelInfo.VariableInfo v = info.variables().get(i);
            Param p = params.get(i);
            if (!v.name().equals(p.name()) || !Arrays.equals(v.shape(), p.intShape())) {
                throw new IOException(file + ": variable " + v + " where the architecture has " + p);
            }
        }
    }

    /** Reads every variable listed in {@code info} from {@code dir}, checking each file's shape; errors name the file. */
    public static Map<String, float[]> readWeights(Path dir, ModelInfo info) throws IOException {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (ModelInfo.VariableInfo v : info.variables()) {
            out.put(v.name(), readArray(resolve(dir).resolve(v.file()), v.shape()));
        }
        return out;
    }

    /** Reads Adam's first ({@code which = "m"}) or second ({@code "v"}) moments of every variable from a checkpoint folder. */
    static Map<String, float[]> readSlots(Path dir, ModelInfo info, String which) throws IOException {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (ModelInfo.VariableInfo v : info.variables()) {
            out.put(v.name(), readArray(resolve(dir).resolve(fileName("adam." + which + ".", v.name())), v.shape()));
        }
        return out;
    }

    private static float[] readArray(Path file, int[] shape) throws IOException {
        NpyArray a;
        try {
            a = Npy.read(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": missing weights file", e);
        } catch (RuntimeException e) {
            throw new IOException(file + ": corrupt weights file (" + e.getMessage() + ")", e);
        }
        if (!Arrays.equals(a.shape(), shape)) {
            throw new IOException(file + ": shape " + Arrays.toString(a.shape()) + ", expected " + Arrays.toString(shape));
        }
        return a.data();
    }

    /** Deletes a file or folder tree if it exists. */
    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }
}
