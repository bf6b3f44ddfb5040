package io.segments.service.problem;

import java.util.List;

/**
 * A problem the client can fix, answered as {@code application/problem+json} with a stable
 * {@code code} and the JSON pointer(s) of what to fix. Nothing was written.
 */
public class ApiProblem extends RuntimeException {
    /** One field-level error: where, what, and a sentence. */
    public record FieldError(String pointer, String code, String message) {
    }

    private final int status;
    private final String code;
    private final String title;
    private final String pointer;
    private final List<FieldError> errors;

    public ApiProblem(int status, String code, String title, String detail, String pointer) {
        this(status, code, title, detail, pointer, List.of());
    }

    public ApiProblem(int status, String code, String title, String detail, String pointer, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.code = code;
        this.title = title;
        this.pointer = pointer;
        this.errors = List.copyOf(errors);
    }

    public static ApiProblem badRequest(String code, String detail, String pointer) {
        return new ApiProblem(400, code, "Bad request", detail, pointer,
                List.of(new FieldError(pointer, code, detail)));
    }

    public static ApiProblem notFound(String code, String detail, String pointer) {
        return new ApiProblem(404, code, "Not found", detail, pointer);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String pointer() {
        return pointer;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
