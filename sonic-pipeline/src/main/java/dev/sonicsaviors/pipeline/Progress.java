package dev.sonicsaviors.pipeline;

/** Listener for long operations (a CLI attaches a progress bar); calls may come from worker threads, but each task's calls are ordered. */
public interface Progress {

    /** A listener that ignores everything. */
    Progress NONE = new Progress() {
        @Override
        public void start(String task, long total) {
        }

        @Override
        public void step(long n) {
        }

        @Override
        public void done() {
        }
    };

    /** Announces a new task with {@code total} units of work ({@code -1} if unknown). */
    void start(String task, long total);

    /** Reports that {@code n} more units of the current task are finished. */
    void step(long n);

    /** Reports that the current task is finished. */
    void done();
}
