package dev.sonicsaviors.spark;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Files named by URI: plain paths and {@code file:} URIs go through {@code java.nio} (a local disk or a filesystem
 * mounted on every executor); other schemes ({@code hdfs:}, {@code s3a:}, ...) through Hadoop's {@link FileSystem}, with
 * a local temporary file copied up and renamed into place.
 */
final class Storage {
    private Storage() {
    }

    /** Returns whether {@code uri} is a plain path or a {@code file:} URI. */
    static boolean isLocal(String uri) {
        String scheme = scheme(uri);
        return scheme == null || scheme.equals("file");
    }

    /** Returns the local path of a plain path or {@code file:} URI. */
    static Path local(String uri) {
        return scheme(uri) == null ? Paths.get(uri) : Paths.get(URI.create(uri.replace(" ", "%20")));
    }

    /** Returns the scheme of {@code uri}, or null for a plain path (a one-letter scheme is a Windows drive, not a scheme). */
    static String scheme(String uri) {
        int colon = uri.indexOf(':');
        int slash = uri.indexOf('/');
        if (colon <= 1 || (slash >= 0 && slash < colon)) {
            return null;
        }
        return uri.substring(0, colon);
    }

    /** Returns {@code root} joined with the '/'-separated {@code relative} path. */
    static String join(String root, String relative) {
        return root.endsWith("/") ? root + relative : root + "/" + relative;
    }

    /** Returns the Hadoop filesystem of {@code uri} (configured from the executor's Hadoop configuration). */
    static FileSystem fs(String uri) throws IOException {
        return new org.apache.hadoop.fs.Path(uri).getFileSystem(new Configuration());
    }

    /**
     * Returns whether {@code uri} holds a complete WAV file: its RIFF length field matches its size (a file cut short by a
     * kill has a stale or missing header; outputs are renamed into place only when complete, so this is a second guard).
     */
    static boolean completeWav(String uri) {
        try {
            long size;
            byte[] head;
            if (isLocal(uri)) {
                Path p = local(uri);
                if (!Files.isRegularFile(p)) {
                    return false;
                }
                size = Files.size(p);
                try (InputStream in = Files.newInputStream(p)) {
                    head = in.readNBytes(12);
                }
            } else {
                FileSystem fs = fs(uri);
                org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
                if (!fs.exists(p)) {
                    return false;
                }
                size = fs.getFileStatus(p).getLen();
                try (InputStream in = fs.open(p)) {
                    head = in.readNBytes(12);
                }
            }
            if (head.length < 12 || size < 44) {
                return false;
            }
            String magic = new String(head, 0, 4, java.nio.charset.StandardCharsets.US_ASCII);
            long riff = Integer.toUnsignedLong(ByteBuffer.wrap(head, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
            if (magic.equals("RF64")) {
                return true;
            }
            return magic.equals("RIFF") && riff + 8 == size;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Copies the finished local file {@code file} to the remote {@code uri} under a temporary name, then renames it into place. */
    static void upload(Path file, String uri) throws IOException {
        copyUp(file, uri, false);
    }

    /**
     * Copies the finished local folder {@code dir} to the remote folder {@code uri} under a temporary name, then renames it
     * into place (replacing what was there).
     */
    static void uploadFolder(Path dir, String uri) throws IOException {
        copyUp(dir, uri, true);
    }

    private static void copyUp(Path local, String uri, boolean folder) throws IOException {
        FileSystem fs = fs(uri);
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(uri);
        org.apache.hadoop.fs.Path temp = new org.apache.hadoop.fs.Path(target.getParent(),
                "." + target.getName() + "." + UUID.randomUUID() + ".part");
        fs.mkdirs(target.getParent());
        try {
            fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), temp);
            fs.delete(target, folder);
            if (!fs.rename(temp, target)) {
                throw new IOException(uri + ": could not rename the finished temporary " + (folder ? "folder" : "file") + " into place");
            }
        } finally {
            fs.delete(temp, folder);
        }
    }

    /** Returns a local path for reading {@code uri}: the file itself when local, otherwise a copy in {@code tmpDir}. */
    static Path fetch(String uri, Path tmpDir) throws IOException {
        if (isLocal(uri)) {
            return local(uri);
        }
        Path copy = Files.createTempFile(tmpDir, "sonic-ref", ".bin");
        try (InputStream in = fs(uri).open(new org.apache.hadoop.fs.Path(uri))) {
            Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }
}
