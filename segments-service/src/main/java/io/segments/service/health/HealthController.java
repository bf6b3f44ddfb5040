package io.segments.service.health;

import org.jooq.DSLContext;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * UP once the service can serve: start-up work has finished (the demo seeding runs after the HTTP
 * port opens, and a half-seeded workspace is not ready) and the database answers.
 */
@RestController
public class HealthController {
    private final DSLContext dsl;
    private final ApplicationAvailability availability;

    public HealthController(DSLContext dsl, ApplicationAvailability availability) {
        this.dsl = dsl;
        this.availability = availability;
    }

    @GetMapping("/api/health")
    ResponseEntity<Map<String, String>> health() {
        if (availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
            return ResponseEntity.status(503).body(Map.of("status", "STARTING"));
        }
        try {
            dsl.fetch("select 1");
            return ResponseEntity.ok(Map.of("status", "UP"));
        } catch (RuntimeException unavailable) {
            return ResponseEntity.status(503).body(Map.of("status", "DOWN"));
        }
    }
}
