package io.segments.service;

import io.segments.service.auth.Credentials;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells the operator where the service is and how to reach it. */
@Component
class StartupBanner {
    private final Credentials credentials;

    StartupBanner(Credentials credentials) {
        this.credentials = credentials;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        int port = ((WebServerApplicationContext) event.getApplicationContext()).getWebServer().getPort();
        System.out.println();
        System.out.println("  Segments is running:  http://localhost:" + port + "/marketing/segments");
        System.out.println("  Admin token (API bearer token and UI login):  " + credentials.adminToken());
        System.out.println("  Write key (tracking, HTTP Basic user name):    " + credentials.writeKey());
        System.out.println();
    }
}
