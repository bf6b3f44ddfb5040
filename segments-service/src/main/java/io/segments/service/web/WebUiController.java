package io.segments.service.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The single-page UI: deep links and reloads under /marketing serve its index page. */
@Controller
public class WebUiController {
    @GetMapping({"/", "/marketing", "/marketing/"})
    String root() {
        return "redirect:/marketing/segments";
    }

    @GetMapping({"/marketing/segments", "/marketing/segments/**", "/marketing/login"})
    String page() {
        return "forward:/marketing/index.html";
    }
}
