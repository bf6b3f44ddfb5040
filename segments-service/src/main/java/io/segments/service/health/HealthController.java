package io.segments.service.health;

import org.jooq.DSLContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** Liveness and readiness in one: UP once the database answers. */
@RestController
public class HealthController {
    private final DSLContext dsl;

    public HealthController(DSLContext dsl) {
        this.dsl = dsl;
    }

    @GetMapping("/api/health")
    ResponseEntity<Map<String, String>> health() {
        try {
            dsl.fetch("select 1");
            return ResponseEntity.ok(Map.of("status", "UP"));
        } catch (RuntimeException unavailable) {
            return ResponseEntity.status(503).body(Map.of("status", "DOWN"));
        }
    }
}
