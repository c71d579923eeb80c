// Package browser holds the portal's end-to-end tests in a real headless
// Chromium: accessibility checked with axe-core (WCAG 2.2 AA), keyboard-only
// use, and use without JavaScript. They skip when Chromium or axe-core is
// missing, and fail instead when REQUIRE_BROWSER=1.
package browser
