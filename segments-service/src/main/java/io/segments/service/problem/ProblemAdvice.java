package io.segments.service.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.engine.EvaluationCancelledException;
import io.segments.engine.EvaluationTimeoutException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error leaves as problem JSON. Client mistakes get 4xx with the field named; anything
 * unexpected gets a 500 without internals (the stack trace goes to the log only).
 */
@RestControllerAdvice
public class ProblemAdvice {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemAdvice.class);
    private static final MediaType PROBLEM = MediaType.parseMediaType(ProblemWriter.MEDIA_TYPE);

    private final ProblemWriter writer;

    public ProblemAdvice(ProblemWriter writer) {
        this.writer = writer;
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ObjectNode> apiProblem(ApiProblem problem, HttpServletRequest request) {
        return respond(problem, request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ObjectNode> unreadable(HttpMessageNotReadableException failure, HttpServletRequest request) {
        String detail = failure.getCause() instanceof JsonProcessingException json
                ? "The body is not valid JSON: " + json.getOriginalMessage()
                : "The request needs a JSON body.";
        return respond(ApiProblem.badRequest("malformed_json", detail, ""), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ObjectNode> typeMismatch(MethodArgumentTypeMismatchException failure, HttpServletRequest request) {
        return respond(ApiProblem.badRequest("invalid_parameter",
                "\"" + failure.getName() + "\" has an invalid value: " + failure.getValue() + ".", "/" + failure.getName()), request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ObjectNode> missingParameter(MissingServletRequestParameterException failure, HttpServletRequest request) {
        return respond(ApiProblem.badRequest("missing_parameter", "\"" + failure.getParameterName() + "\" is required.",
                "/" + failure.getParameterName()), request);
    }

    @ExceptionHandler(EvaluationTimeoutException.class)
    ResponseEntity<ObjectNode> timeout(EvaluationTimeoutException failure, HttpServletRequest request) {
        return respond(new ApiProblem(503, "evaluation_timeout", "Evaluation timed out",
                "The evaluation ran past " + failure.limit().toMillis() + " ms and was cancelled. Simplify the definition or raise SEGMENTS_QUERY_TIMEOUT.",
                null), request);
    }

    @ExceptionHandler(EvaluationCancelledException.class)
    ResponseEntity<ObjectNode> cancelled(EvaluationCancelledException failure, HttpServletRequest request) {
        return respond(new ApiProblem(409, "preview_superseded", "Preview superseded",
                "A newer preview from the same builder replaced this one, or the builder cancelled it.", null), request);
    }

    @ExceptionHandler({NoHandlerFoundException.class, NoResourceFoundException.class})
    ResponseEntity<ObjectNode> notFound(Exception failure, HttpServletRequest request) {
        return respond(ApiProblem.notFound("not_found", "There is nothing at " + request.getRequestURI() + ".", null), request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ObjectNode> method(HttpRequestMethodNotSupportedException failure, HttpServletRequest request) {
        return respond(new ApiProblem(405, "method_not_allowed", "Method not allowed",
                failure.getMethod() + " is not supported here.", null), request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ObjectNode> mediaType(HttpMediaTypeNotSupportedException failure, HttpServletRequest request) {
        return respond(new ApiProblem(415, "unsupported_media_type", "Unsupported media type",
                "Send the body as application/json.", "/headers/content-type"), request);
    }

    /**
     * The client accepts no type this call can answer with. The problem is written directly: content
     * negotiation would refuse problem JSON for the same reason.
     */
    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    void notAcceptable(HttpMediaTypeNotAcceptableException failure, HttpServletResponse response) throws IOException {
        writer.write(response, 406, "not_acceptable", "Not acceptable",
                "This call answers with application/json; send an Accept header that allows it.", "/headers/accept");
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ObjectNode> tooLarge(MaxUploadSizeExceededException failure, HttpServletRequest request) {
        return respond(new ApiProblem(413, "payload_too_large", "Payload too large", "The upload is larger than allowed.", null), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ObjectNode> unexpected(Exception failure, HttpServletRequest request) {
        LOG.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), failure);
        return respond(new ApiProblem(500, "internal_error", "Internal error",
                "Something went wrong on our side; it has been logged.", null), request);
    }

    private ResponseEntity<ObjectNode> respond(ApiProblem problem, HttpServletRequest request) {
        return ResponseEntity.status(problem.status()).contentType(PROBLEM).body(writer.body(problem, request.getRequestURI()));
    }
}
