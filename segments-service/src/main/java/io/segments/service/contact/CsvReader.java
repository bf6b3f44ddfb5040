package io.segments.service.contact;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/** RFC 4180 records (quoted cells may span lines), each with the file line it starts on. */
final class CsvReader {
    record Row(int line, List<String> cells) {
        boolean isBlank() {
            return cells.size() == 1 && cells.get(0).isBlank();
        }
    }

    static final class MalformedCsvException extends RuntimeException {
        final int line;

        MalformedCsvException(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private final Reader reader;
    private int line = 1;
    private int pushedBack = -2;

    CsvReader(Reader reader) {
        this.reader = reader;
    }

    /** The next record, or null at the end of the file. */
    Row next() throws IOException {
        int first = read();
        if (first == -1) {
            return null;
        }
        unread(first);
        int start = line;
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            int c = read();
            if (quoted) {
                if (c == -1) {
                    throw new MalformedCsvException(start, "A quoted cell opened on line " + start + " is never closed.");
                }
                if (c == '"') {
                    int next = read();
                    if (next == '"') {
                        cell.append('"');
                    } else {
                        quoted = false;
                        unread(next);
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    cell.append((char) c);
                }
                continue;
            }
            if (c == -1 || c == '\n' || c == '\r') {
                if (c == '\r') {
                    int next = read();
                    if (next != '\n') {
                        unread(next);
                    }
                }
                if (c != -1) {
                    line++;
                }
                cells.add(cell.toString());
                return new Row(start, cells);
            }
            if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && cell.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else {
                cell.append((char) c);
            }
        }
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        return reader.read();
    }

    private void unread(int c) {
        pushedBack = c;
    }
}
