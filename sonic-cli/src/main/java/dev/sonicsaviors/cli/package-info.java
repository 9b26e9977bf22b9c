/**
 * The {@code sonic} command line: one picocli command per subcommand (denoise, evaluate, features, prepare, train,
 * train-denoiser, predict, eda, metrics, add-noise, bench, serve), shared error handling and progress output. {@code Main}
 * is the only place that exits (0 ok, 1 failure, 2 usage). A front end: it uses sonic-api, sonic-pipeline, sonic-web and
 * sonic-metrics, and nothing depends on it.
 */
package dev.sonicsaviors.cli;
