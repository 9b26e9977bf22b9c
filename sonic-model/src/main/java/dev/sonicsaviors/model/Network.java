package dev.sonicsaviors.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * A built network in its own TensorFlow graph and session: forward pass, optional MSE loss and Adam training ops
 * (one {@code ApplyAdam} per variable, all run in the same session call as the loss), and bulk variable get/set.
 * Tensors exchanged with it are flat float arrays in C order, NHWC {@code (batch, height, width, channels)}.
 * Not thread-safe.
 */
public final class Network implements AutoCloseable {

    /** Keras's Adam defaults. */
    public static final float BETA1 = 0.9f;
    /** Keras's Adam defaults. */
    public static final float BETA2 = 0.999f;
    /** Keras's Adam epsilon (1e-7, not TF1's 1e-8). */
    public static final float EPSILON = 1e-7f;

    private final Architecture architecture;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> input;
    private final Operand<TFloat32> output;
    private final List<Param> params;
    private final List<Layers.LayerShape> shapes;
    private final List<Placeholder<TFloat32>> assignIn = new ArrayList<>();
    private final List<Op> assignOps = new ArrayList<>();
    private final boolean training;
    private Placeholder<TFloat32> target;
    private Operand<TFloat32> loss;
    private Placeholder<TFloat32> lr;
    private Placeholder<TFloat32> beta1Power;
    private Placeholder<TFloat32> beta2Power;
    private Op trainOp;
    private final List<Variable<TFloat32>> slotM = new ArrayList<>();
    private final List<Variable<TFloat32>> slotV = new ArrayList<>();
    private final List<Placeholder<TFloat32>> slotIn = new ArrayList<>();
    private final List<Op> slotAssign = new ArrayList<>();
    private final TFloat32 lrTensor;
    private final TFloat32 b1Tensor;
    private final TFloat32 b2Tensor;

    private Network(Architecture architecture, boolean training, int threads) {
        this.architecture = architecture;
        this.training = training;
        this.graph = new Graph();
        boolean ok = false;
        try {
            Ops tf = Ops.create(graph);
            int[] in = architecture.inputShape();
            Shape inShape = Shape.of(-1, in[0], in[1], in[2]);
            Shape graphIn = architecture.variableWidth() ? Shape.of(-1, in[0], -1, in[2]) : inShape;
            input = tf.withName("input").placeholder(TFloat32.class, Placeholder.shape(graphIn));
            Layers layers = new Layers(tf);
            output = tf.withName("output").identity(architecture.build(layers, input));
            params = layers.params();
            shapes = layers.shapes();
            for (Param p : params) {
                Placeholder<TFloat32> ph = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(p.shape())));
                assignIn.add(ph);
                assignOps.add(tf.assign(p.variable(), ph));
            }
            if (training) {
                buildTraining(tf, graphIn);
            }
            ConfigProto.Builder config = ConfigProto.newBuilder().setInterOpParallelismThreads(1);
            if (threads > 0) {
                // Per-session pools: otherwise the first session in the process fixes the thread count for all.
                config.setIntraOpParallelismThreads(threads).setUsePerSessionThreads(true);
            }
            session = new Session(graph, config.build());
            lrTensor = TFloat32.scalarOf(0f);
            b1Tensor = TFloat32.scalarOf(0f);
            b2Tensor = TFloat32.scalarOf(0f);
            ok = true;
        } finally {
            if (!ok) {
                graph.close();
            }
        }
    }

    /**
     * Builds {@code architecture} in a new graph and session; {@code training} adds loss and Adam ops; {@code threads}
     * is TensorFlow's intra-op thread count (inter-op is 1; {@code <= 0} means TensorFlow's default). Variables are
     * uninitialised until {@link #initialize(long)} or {@link #setWeights(Map)}.
     */
    public static Network build(Architecture architecture, boolean training, int threads) {
        return new Network(architecture, training, threads);
    }

    private void buildTraining(Ops tf, Shape inShape) {
        target = tf.withName("target").placeholder(TFloat32.class, Placeholder.shape(inShape));
        loss = tf.withName("loss").identity(architecture.loss(tf, output, target));
        lr = tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        beta1Power = tf.withName("beta1_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        beta2Power = tf.withName("beta2_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        List<Operand<?>> vars = new ArrayList<>();
        for (Param p : params) {
            vars.add(p.variable());
        }
        Output<?>[] grads = graph.addGradients(loss.asOutput(), vars.stream().map(Operand::asOutput).toArray(Output<?>[]::new));
        // Every update waits for every gradient: backprop reads the (ref) variables, so no update may start early.
        List<Op> gated = new ArrayList<>();
        List<Operand<TFloat32>> g = new ArrayList<>();
        for (Output<?> grad : grads) {
            var id = tf.identity(grad.expect(TFloat32.class));
            gated.add(id);
            g.add(id);
        }
        Ops after = tf.withControlDependencies(gated);
        Operand<TFloat32> b1 = tf.constant(BETA1);
        Operand<TFloat32> b2 = tf.constant(BETA2);
        Operand<TFloat32> eps = tf.constant(EPSILON);
        List<Op> updates = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            String base = "adam_" + p.name().replace('/', '_');
            Variable<TFloat32> m = tf.withName(base + "_m").variable(Shape.of(p.shape()), TFloat32.class);
            Variable<TFloat32> v = tf.withName(base + "_v").variable(Shape.of(p.shape()), TFloat32.class);
            slotM.add(m);
            slotV.add(v);
            for (Variable<TFloat32> s : List.of(m, v)) {
                Placeholder<TFloat32> ph = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(p.shape())));
                slotIn.add(ph);
                slotAssign.add(tf.assign(s, ph));
            }
            updates.add(after.train.applyAdam(p.variable(), m, v, beta1Power, beta2Power, lr, b1, b2, eps, g.get(i)));
        }
        trainOp = tf.withControlDependencies(updates).withName("train").noOp();
    }

    /** Returns the architecture this network was built from. */
    public Architecture architecture() {
        return architecture;
    }

    /** Returns the trainable variables in creation order. */
    public List<Param> params() {
        return params;
    }

    /** Returns every layer's static output shape (batch extent -1), input first. */
    public List<Layers.LayerShape> shapes() {
        return shapes;
    }

    /** Returns the total number of trainable scalars. */
    public long parameterCount() {
        long n = 0;
        for (Param p : params) {
            n += p.size();
        }
        return n;
    }

    /** Initialises kernels Glorot-uniform and biases to zero from {@code seed} (and Adam's moments to zero). */
    public void initialize(long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        Map<String, float[]> w = new LinkedHashMap<>();
        for (Param p : params) {
            SplittableRandom r = root.split();
            float[] a = new float[Math.toIntExact(p.size())];
            if (p.glorot()) {
                double limit = Math.sqrt(6.0 / (p.fanIn() + p.fanOut()));
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) ((r.nextDouble() * 2 - 1) * limit);
                }
            }
            w.put(p.name(), a);
        }
        setWeights(w);
        if (training) {
            resetSlots();
        }
    }

    /** Sets every variable from {@code weights} (name to flat C-order values in Keras layout); all must be present. */
    public void setWeights(Map<String, float[]> weights) {
        List<TFloat32> tensors = new ArrayList<>();
        try {
            Session.Runner r = session.runner();
            for (int i = 0; i < params.size(); i++) {
                Param p = params.get(i);
                float[] a = weights.get(p.name());
                if (a == null || a.length != p.size()) {
                    throw new IllegalArgumentException("weights for " + p + ": " + (a == null ? "missing" : a.length + " values"));
                }
                TFloat32 t = tensor(a, p.shape());
                tensors.add(t);
                r.feed(assignIn.get(i), t).addTarget(assignOps.get(i));
            }
            r.run().close();
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }

    /** Returns every variable's current values, by name in creation order (flat C order, Keras layout). */
    public Map<String, float[]> weights() {
        return fetchAll(params.stream().map(Param::variable).toList(), params.stream().map(Param::name).toList());
    }

    /** Returns Adam's first moments by variable name (training networks only). */
    public Map<String, float[]> slotsM() {
        requireTraining();
        return fetchAll(slotM, params.stream().map(Param::name).toList());
    }

    /** Returns Adam's second moments by variable name (training networks only). */
    public Map<String, float[]> slotsV() {
        requireTraining();
        return fetchAll(slotV, params.stream().map(Param::name).toList());
    }

    /** Sets Adam's first and second moments (by variable name, flat C order; training networks only). */
    public void setSlots(Map<String, float[]> m, Map<String, float[]> v) {
        requireTraining();
        List<TFloat32> tensors = new ArrayList<>();
        try {
            Session.Runner r = session.runner();
            for (int i = 0; i < params.size(); i++) {
                Param p = params.get(i);
                for (int k = 0; k < 2; k++) {
                    float[] a = (k == 0 ? m : v).get(p.name());
                    if (a == null || a.length != p.size()) {
                        throw new IllegalArgumentException("optimizer state for " + p + ": " + (a == null ? "missing" : a.length + " values"));
                    }
                    TFloat32 t = tensor(a, p.shape());
                    tensors.add(t);
                    r.feed(slotIn.get(2 * i + k), t).addTarget(slotAssign.get(2 * i + k));
                }
            }
            r.run().close();
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }

    /** Sets Adam's moments to zero (training networks only). */
    public void resetSlots() {
        Map<String, float[]> z = new LinkedHashMap<>();
        for (Param p : params) {
            z.put(p.name(), new float[Math.toIntExact(p.size())]);
        }
        setSlots(z, z);
    }

    /** Runs the forward pass on {@code n} examples (flat NHWC, C order) and returns the outputs in the same layout. */
    public float[] predict(float[] inputs, int n) {
        try (TFloat32 x = tensor(inputs, batchShape(n))) {
            return predict(x);
        }
    }

    /** Runs the forward pass on a prepared input tensor of shape {@code (n, h, w, c)}; returns flat NHWC outputs. */
    public float[] predict(TFloat32 x) {
        try (Result res = session.runner().feed(input, x).fetch(output).run()) {
            TFloat32 y = (TFloat32) res.get(0);
            float[] out = new float[Math.toIntExact(y.size())];
            y.asRawTensor().data().asFloats().read(out);
            return out;
        }
    }

    /**
     * Runs one Adam step (loss, gradients and every variable update in a single session call) on prepared tensors
     * {@code x} (noisy) and {@code y} (clean) of shape {@code (n, h, w, c)}; {@code step} is the 1-based Adam step
     * count t; returns the batch's MSE before the update.
     */
    public float trainStep(TFloat32 x, TFloat32 y, float learningRate, long step) {
        requireTraining();
        lrTensor.setFloat(learningRate);
        b1Tensor.setFloat((float) Math.pow(BETA1, step));
        b2Tensor.setFloat((float) Math.pow(BETA2, step));
        try (Result res = session.runner().feed(input, x).feed(target, y).feed(lr, lrTensor)
                .feed(beta1Power, b1Tensor).feed(beta2Power, b2Tensor).fetch(loss).addTarget(trainOp).run()) {
            return ((TFloat32) res.get(0)).getFloat();
        }
    }

    /** Runs {@link #trainStep} with full tracing and returns TensorFlow's per-op timings (for profiling). */
    org.tensorflow.proto.RunMetadata traceTrainStep(TFloat32 x, TFloat32 y, float learningRate, long step) {
        requireTraining();
        lrTensor.setFloat(learningRate);
        b1Tensor.setFloat((float) Math.pow(BETA1, step));
        b2Tensor.setFloat((float) Math.pow(BETA2, step));
        org.tensorflow.proto.RunOptions opts = org.tensorflow.proto.RunOptions.newBuilder()
                .setTraceLevel(org.tensorflow.proto.RunOptions.TraceLevel.FULL_TRACE).build();
        try (Result res = session.runner().feed(input, x).feed(target, y).feed(lr, lrTensor).feed(beta1Power, b1Tensor)
                .feed(beta2Power, b2Tensor).fetch(loss).addTarget(trainOp).setOptions(opts).runAndFetchMetadata()) {
            return res.getMetadata().orElseThrow();
        }
    }

    /** Returns the graph (for profiling: op types by name). */
    Graph graph() {
        return graph;
    }

    /** Returns the MSE of the network's output for {@code x} against {@code y} (tensors of shape (n, h, w, c)) without training. */
    public float loss(TFloat32 x, TFloat32 y) {
        requireTraining();
        try (Result res = session.runner().feed(input, x).feed(target, y).fetch(loss).run()) {
            return ((TFloat32) res.get(0)).getFloat();
        }
    }

    /** Returns the shape {@code (n, h, w, c)} of a batch of {@code n} examples. */
    public Shape batchShape(int n) {
        int[] in = architecture.inputShape();
        return Shape.of(n, in[0], in[1], in[2]);
    }

    /** Allocates a float tensor of {@code shape} holding {@code values} (C order); the caller closes it. */
    public static TFloat32 tensor(float[] values, Shape shape) {
        TFloat32 t = TFloat32.tensorOf(shape);
        t.asRawTensor().data().asFloats().write(values);
        return t;
    }

    private static TFloat32 tensor(float[] values, long[] shape) {
        return tensor(values, Shape.of(shape));
    }

    /** Overwrites a tensor's contents with {@code values} (C order, exactly its size). */
    public static void write(TFloat32 t, float[] values) {
        t.asRawTensor().data().asFloats().write(values);
    }

    private Map<String, float[]> fetchAll(List<? extends Operand<TFloat32>> vars, List<String> names) {
        Session.Runner r = session.runner();
        vars.forEach(r::fetch);
        Map<String, float[]> out = new LinkedHashMap<>();
        try (Result res = r.run()) {
            for (int i = 0; i < vars.size(); i++) {
                TFloat32 t = (TFloat32) res.get(i);
                float[] a = new float[Math.toIntExact(t.size())];
                t.asRawTensor().data().asFloats().read(a);
                out.put(names.get(i), a);
            }
        }
        return out;
    }

    private void requireTraining() {
        if (!training) {
            throw new IllegalStateException("network was built for inference only");
        }
    }

    /** Releases the session, the graph and the native tensors. */
    @Override
    public void close() {
        lrTensor.close();
        b1Tensor.close();
        b2Tensor.close();
        session.close();
        graph.close();
    }
}
