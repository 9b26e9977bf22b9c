package dev.sonicsaviors.spark;

/** The values of the {@code status} column of the jobs' reports ({@link DenoiseJob#SCHEMA}, {@link PrepareJob#SCHEMA}). */
public final class RowStatus {
    /** A file processed by this run: denoised ({@link DenoiseJob}) or cut into clips ({@link PrepareJob}). */
    public static final String OK = "ok";
    /** A file that failed or could not be decoded; its message is in the row's {@code error} column. */
    public static final String ERROR = "error";
    /** A file left as an earlier run wrote it: its output was complete, or its shard was kept. */
    public static final String SKIPPED = "skipped";

    private RowStatus() {
    }
}
