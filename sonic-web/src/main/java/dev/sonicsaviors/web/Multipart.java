package dev.sonicsaviors.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal {@code multipart/form-data} parser (RFC 7578) over a body held in memory: it finds the parts between
 * boundary lines and reads each part's field name from its Content-Disposition. File names are ignored (never used).
 */
final class Multipart {

    /** One part: its form field name and its content bytes. */
    record Part(String name, byte[] content) {
    }

    private Multipart() {
    }

    /** Returns the boundary of a {@code multipart/form-data} content type, or {@code null} if it is not one. */
    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        for (String p : contentType.split(";")) {
            String t = p.trim();
            if (t.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = t.substring("boundary=".length());
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                return b.isEmpty() || b.length() > 200 ? null : b;
            }
        }
        return null;
    }

    /**
     * Splits {@code body} at {@code boundary} into parts.
     *
     * @throws ApiException 400 if the body is not well-formed multipart
     */
    static List<Part> parse(byte[] body, String boundary) {
        byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int pos = indexOf(body, delim, 0);
        if (pos < 0) {
            throw new ApiException(400, "malformed multipart body: boundary not found");
        }
        while (true) {
            int after = pos + delim.length;
            if (after + 2 <= body.length && body[after] == '-' && body[after + 1] == '-') {
                return parts; // closing delimiter
            }
            int headerStart = skipLineEnd(body, after);
            int headerEnd = indexOf(body, new byte[] {'\r', '\n', '\r', '\n'}, headerStart);
            if (headerStart < 0 || headerEnd < 0) {
                throw new ApiException(400, "malformed multipart body: part without headers");
            }
            String headers = new String(body, headerStart, headerEnd - headerStart, StandardCharsets.UTF_8);
            int contentStart = headerEnd + 4;
            byte[] next = new byte[delim.length + 2];
            next[0] = '\r';
            next[1] = '\n';
            System.arraycopy(delim, 0, next, 2, delim.length);
            int contentEnd = indexOf(body, next, contentStart);
            if (contentEnd < 0) {
                throw new ApiException(400, "malformed multipart body: unterminated part");
            }
            byte[] content = java.util.Arrays.copyOfRange(body, contentStart, contentEnd);
            parts.add(new Part(fieldName(headers), content));
            pos = contentEnd + 2;
        }
    }

    /** Returns the {@code name} parameter of the part's Content-Disposition header ("" if absent). */
    private static String fieldName(String headers) {
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                for (String p : line.split(";")) {
                    String t = p.trim();
                    if (t.startsWith("name=")) {
                        String v = t.substring(5);
                        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
                    }
                }
            }
        }
        return "";
    }

    /** Returns the index after the CRLF (or LF) that ends the line at {@code i}, or -1 if there is none. */
    private static int skipLineEnd(byte[] b, int i) {
        while (i < b.length && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        if (i + 1 < b.length && b[i] == '\r' && b[i + 1] == '\n') {
            return i + 2;
        }
        if (i < b.length && b[i] == '\n') {
            return i + 1;
        }
        return -1;
    }

    /** Returns the first index of {@code needle} in {@code hay} at or after {@code from}, or -1. */
    static int indexOf(byte[] hay, byte[] needle, int from) {
        if (from < 0) {
            return -1;
        }
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
