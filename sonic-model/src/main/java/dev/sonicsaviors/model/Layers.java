package dev.sonicsaviors.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras-like layer building blocks over a TensorFlow graph ({@link Ops}), NHWC layout {@code (batch, height, width,
 * channels)}; variables are created in Keras layouts and named like Keras ({@code conv2d/kernel}, {@code conv2d_1/bias},
 * {@code dense/kernel}, {@code conv2d_transpose/kernel}) and recorded for initialisation, saving and optimisation.
 */
public final class Layers {

    /** One recorded layer output: layer name and static output shape (batch extent -1). */
    public record LayerShape(String layer, long[] shape) {
        /** Copies the shape. */
        public LayerShape {
            shape = shape.clone();
        }

        /** Returns a copy of the shape. */
        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** Returns {@code layer (d0, d1, ...)}. */
        @Override
        public String toString() {
            return layer + " " + Arrays.toString(shape);
        }
    }

    private static final boolean DEPTHWISE = !"false".equals(System.getProperty("sonic.model.depthwise"));

    private final Ops tf;
    private final List<Param> params = new ArrayList<>();
    private final List<LayerShape> shapes = new ArrayList<>();
    private final Map<String, Integer> counters = new HashMap<>();

    /** Creates a builder that adds ops to the graph behind {@code tf}. */
    public Layers(Ops tf) {
        this.tf = tf;
    }

    /** Returns the underlying op factory. */
    public Ops tf() {
        return tf;
    }

    /** Returns the variables created so far, in creation order. */
    public List<Param> params() {
        return List.copyOf(params);
    }

    /** Returns every layer's output shape, in creation order. */
    public List<LayerShape> shapes() {
        return List.copyOf(shapes);
    }

    /** Returns the static shape of {@code x} as longs ({@code -1} for unknown extents). */
    public static long[] shapeOf(Operand<?> x) {
        Shape s = x.shape();
        long[] out = new long[s.numDimensions()];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.get(i);
        }
        return out;
    }

    /** Records the input's shape under the name {@code input}, returning it unchanged. */
    public Operand<TFloat32> input(Operand<TFloat32> x) {
        return record("input", x);
    }

    /** 2-D convolution with 'same' padding, stride 1, kernel {@code (k, k, in, filters)}, bias and activation. */
    public Operand<TFloat32> conv2d(Operand<TFloat32> x, int filters, int k, Activation act) {
        String name = nextName("conv2d");
        long in = channels(x);
        Variable<TFloat32> kernel = param(name + "/kernel", new long[] {k, k, in, filters}, (long) k * k * in, (long) k * k * filters);
        Variable<TFloat32> bias = param(name + "/bias", new long[] {filters}, 0, 0);
        return record(name, activate(tf.nn.biasAdd(sameConv(x, kernel, filters), bias), act));
    }

    /**
     * Transposed 2-D convolution, stride 1, 'same' padding, odd kernel {@code k}; the variable keeps Keras's layout
     * {@code (k, k, filters, in)} and the op is an ordinary 'same' convolution with the kernel flipped in both spatial
     * axes and its channel axes swapped (so gradients exist and Keras weights load unchanged).
     */
    public Operand<TFloat32> conv2dTranspose(Operand<TFloat32> x, int filters, int k, Activation act) {
        if (k % 2 == 0) {
            throw new IllegalArgumentException("only odd kernels are supported for 'same' transposed convolution: " + k);
        }
        String name = nextName("conv2d_transpose");
        long in = channels(x);
        Variable<TFloat32> kernel = param(name + "/kernel", new long[] {k, k, filters, in}, (long) k * k * filters, (long) k * k * in);
        Variable<TFloat32> bias = param(name + "/bias", new long[] {filters}, 0, 0);
        Operand<TFloat32> flipped = tf.reverse(kernel, tf.constant(new int[] {0, 1}));
        Operand<TFloat32> forward = tf.linalg.transpose(flipped, tf.constant(new int[] {0, 1, 3, 2}));
        return record(name, activate(tf.nn.biasAdd(sameConv(x, forward, filters), bias), act));
    }

    /**
     * A stride-1 'same' convolution with a forward kernel {@code (k, k, in, filters)}. oneDNN's direct convolution is
     * slow with one input or one output channel, so (unless {@code -Dsonic.model.depthwise=false}) one input channel
     * is a depthwise convolution with channel multiplier {@code filters} (same kernel layout), and one output channel
     * is a depthwise convolution summed over channels: the same function, about 60 ms less per seed training step.
     */
    private Operand<TFloat32> sameConv(Operand<TFloat32> x, Operand<TFloat32> kernel, int filters) {
        if (filters == 1 && DEPTHWISE) {
            Operand<TFloat32> perChannel = tf.nn.depthwiseConv2dNative(x, kernel, List.of(1L, 1L, 1L, 1L), "SAME");
            return tf.sum(perChannel, tf.constant(new int[] {3}), org.tensorflow.op.core.Sum.keepDims(true));
        }
        if (channels(x) == 1 && DEPTHWISE) {
            return tf.nn.depthwiseConv2dNative(x, kernel, List.of(1L, 1L, 1L, 1L), "SAME");
        }
        return tf.nn.conv2d(x, kernel, List.of(1L, 1L, 1L, 1L), "SAME");
    }

    /**
     * General 2-D convolution on NHWC: kernel {@code (kh, kw, in, filters)}, stride {@code strideH} along height (rows) and 1
     * along width (frames), dilation {@code dilationW} along width, 'same' padding on both axes unless {@code validRows}
     * (then 'valid' on both; use it with {@code kw == 1} to collapse all rows), bias and activation; the width may be dynamic.
     */
    public Operand<TFloat32> conv(Operand<TFloat32> x, int filters, int kh, int kw, int strideH, int dilationW, boolean validRows,
                                  Activation act) {
        return conv(x, filters, kh, kw, strideH, dilationW, validRows, act, false);
    }

    /**
     * Same as {@link #conv(Operand, int, int, int, int, int, boolean, Activation)}; with {@code zeroInit} the kernel starts at
     * zero instead of Glorot-uniform (a residual branch that starts as the identity).
     */
    public Operand<TFloat32> conv(Operand<TFloat32> x, int filters, int kh, int kw, int strideH, int dilationW, boolean validRows,
                                  Activation act, boolean zeroInit) {
        String name = nextName("conv2d");
        long in = channels(x);
        long fanIn = zeroInit ? 0 : (long) kh * kw * in;
        long fanOut = zeroInit ? 0 : (long) kh * kw * filters;
        Variable<TFloat32> kernel = param(name + "/kernel", new long[] {kh, kw, in, filters}, fanIn, fanOut);
        Variable<TFloat32> bias = param(name + "/bias", new long[] {filters}, 0, 0);
        Operand<TFloat32> y = tf.nn.conv2d(x, kernel, List.of(1L, (long) strideH, 1L, 1L), validRows ? "VALID" : "SAME",
                org.tensorflow.op.nn.Conv2d.dilations(List.of(1L, 1L, (long) dilationW, 1L)));
        return record(name, activate(tf.nn.biasAdd(y, bias), act));
    }

    /** Parameter-free normalisation over the channel axis: each position's channels get zero mean and unit variance (eps 1e-5). */
    public Operand<TFloat32> channelNorm(Operand<TFloat32> x) {
        String name = nextName("channel_norm");
        Operand<TInt32> axis = tf.constant(new int[] {3});
        Operand<TFloat32> mean = tf.math.mean(x, axis, org.tensorflow.op.math.Mean.keepDims(true));
        Operand<TFloat32> centred = tf.math.sub(x, mean);
        Operand<TFloat32> var = tf.math.mean(tf.math.square(centred), axis, org.tensorflow.op.math.Mean.keepDims(true));
        return record(name, tf.math.mul(centred, tf.math.rsqrt(tf.math.add(var, tf.constant(1e-5f)))));
    }

    /** Element-wise sum of two tensors of the same shape (a residual connection). */
    public Operand<TFloat32> add(Operand<TFloat32> a, Operand<TFloat32> b) {
        return record(nextName("add"), tf.math.add(a, b));
    }

    /** Applies {@code act} element-wise (no parameters). */
    public Operand<TFloat32> activation(Operand<TFloat32> x, Activation act) {
        return record(nextName("activation"), activate(x, act));
    }

    /** Max pooling 2x2, stride 2, 'same' padding (odd extents round up, as Keras: 109 -> 55). */
    public Operand<TFloat32> maxPool2x2(Operand<TFloat32> x) {
        String name = nextName("max_pooling2d");
        // MaxPool (v1, sizes as attributes) rather than Ops' MaxPoolV2: its gradient is about 10x faster on CPU.
        Scope scope = tf.scope();
        Operation op = scope.opBuilder("MaxPool", scope.makeOpName("MaxPool"))
                .addInput(x.asOutput())
                .setAttr("ksize", new long[] {1, 2, 2, 1})
                .setAttr("strides", new long[] {1, 2, 2, 1})
                .setAttr("padding", "SAME")
                .setAttr("T", DataType.DT_FLOAT)
                .build();
        return record(name, op.<TFloat32>output(0));
    }

    /** Flattens {@code (batch, ...)} to {@code (batch, product)} in C order (as Keras's Flatten on NHWC). */
    public Operand<TFloat32> flatten(Operand<TFloat32> x) {
        String name = nextName("flatten");
        long[] s = shapeOf(x);
        long n = 1;
        for (int i = 1; i < s.length; i++) {
            n *= s[i];
        }
        return record(name, tf.reshape(x, tf.constant(new int[] {-1, Math.toIntExact(n)})));
    }

    /** Reshapes {@code (batch, ...)} to {@code (batch, dims...)} in C order. */
    public Operand<TFloat32> reshape(Operand<TFloat32> x, int... dims) {
        String name = nextName("reshape");
        int[] full = new int[dims.length + 1];
        full[0] = -1;
        System.arraycopy(dims, 0, full, 1, dims.length);
        return record(name, tf.reshape(x, tf.constant(full)));
    }

    /** Fully connected layer on {@code (batch, in)}: kernel {@code (in, units)}, bias, activation. */
    public Operand<TFloat32> dense(Operand<TFloat32> x, int units, Activation act) {
        String name = nextName("dense");
        long in = channels(x);
        Variable<TFloat32> kernel = param(name + "/kernel", new long[] {in, units}, in, units);
        Variable<TFloat32> bias = param(name + "/bias", new long[] {units}, 0, 0);
        return record(name, activate(tf.nn.biasAdd(tf.linalg.matMul(x, kernel), bias), act));
    }

    /** Nearest-neighbour upsampling by 2 in height and width (each value repeated 2x2, as Keras's UpSampling2D). */
    public Operand<TFloat32> upsample2x(Operand<TFloat32> x) {
        String name = nextName("up_sampling2d");
        long[] s = shapeOf(x);
        Operand<TInt32> size = tf.constant(new int[] {Math.toIntExact(2 * s[1]), Math.toIntExact(2 * s[2])});
        return record(name, tf.image.resizeNearestNeighbor(x, size));
    }

    /** Crops rows from the top/bottom and columns from the left/right (Keras's Cropping2D ((top, bottom), (left, right))). */
    public Operand<TFloat32> crop(Operand<TFloat32> x, int top, int bottom, int left, int right) {
        String name = nextName("cropping2d");
        long[] s = shapeOf(x);
        int h = Math.toIntExact(s[1]) - top - bottom;
        int w = Math.toIntExact(s[2]) - left - right;
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException("cropping removes everything from " + Arrays.toString(s));
        }
        Operand<TFloat32> y = tf.slice(x, tf.constant(new int[] {0, top, left, 0}),
                tf.constant(new int[] {-1, h, w, Math.toIntExact(s[3])}));
        return record(name, y);
    }

    private Operand<TFloat32> activate(Operand<TFloat32> x, Activation act) {
        return switch (act) {
            case LINEAR -> x;
            case RELU -> tf.nn.relu(x);
            case SIGMOID -> tf.math.sigmoid(x);
        };
    }

    private static long channels(Operand<?> x) {
        long[] s = shapeOf(x);
        long c = s[s.length - 1];
        if (c < 0) {
            throw new IllegalArgumentException("last axis must have a static extent: " + Arrays.toString(s));
        }
        return c;
    }

    private String nextName(String base) {
        int i = counters.merge(base, 1, Integer::sum) - 1;
        return i == 0 ? base : base + "_" + i;
    }

    private Variable<TFloat32> param(String name, long[] shape, long fanIn, long fanOut) {
        Variable<TFloat32> v = tf.withName(name.replace('/', '_')).variable(Shape.of(shape), TFloat32.class);
        params.add(new Param(name, shape, v, fanIn, fanOut));
        return v;
    }

    private Operand<TFloat32> record(String layer, Operand<TFloat32> y) {
        shapes.add(new LayerShape(layer, shapeOf(y)));
        return y;
    }
}
