package io.waitingroom.browser;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.waitingroom.support.CleanSlate;
import io.waitingroom.support.InBrowser;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.core.ParameterizedTypeReference;

import static io.waitingroom.browser.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator console at /operator in Chromium: a wrong admin key is refused and nothing
 * connects; the right one shows the chosen queue live from the event stream (the numbers move
 * when people enter and when a tick admits them), and pause, admit per tick and a bad value go
 * through the admin API with their result on the page. A dropped stream is opened again by
 * itself, a reload keeps the key of the tab, and "forget" ends the stream. The chart is drawn by
 * the vendored uPlot, and nothing is loaded from anywhere but the app.
 */
@InBrowser
class OperatorConsoleBrowserTest extends TestBase {

    /** The stream reads the numbers once a second; a little slack for a busy 2-core machine. */
    private static final Duration WITHIN_A_SECOND_OR_TWO = Duration.ofSeconds(4);

    private Browser browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theConsoleFollowsTheLineLiveAndChangesItsSettings() throws Exception {
        Messages en = Messages.of("en");
        Messages ko = Messages.of("ko");
        browser = Browser.open("en-US", Browser.Screen.WINDOW);
        browser.driver.get("http://localhost:" + port + "/operator");
        browser.waitForTexts();
        assertThat(browser.driver.getTitle()).isEqualTo(en.text("operator.title"));
        Select concerts = new Select(browser.byTestId("concert-select"));
        // the demo's halls and stadium, then any concert an earlier test set up (they stay)
        browser.wait.until(d -> concerts.getOptions().size() >= CleanSlate.DEMO_CONCERTS);
        assertThat(concerts.getOptions()).extracting(option -> option.getAttribute("value")).startsWith("1", "2", "3", "4");

        // A wrong key: refused in words, nothing kept, nothing connected.
        type("admin-key", "not-the-key");
        concerts.selectByValue("1");
        browser.click("connect");
        browser.wait.until(ExpectedConditions.textToBe(testId("error"),
                en.format("operator.connectFailed", Map.of("reason", en.text("errors.ADMIN_KEY_REQUIRED")))));
        assertThat(browser.byTestId("connection").getAttribute("data-state")).isEqualTo("off");
        assertThat(browser.byTestId("waiting").getText()).isEqualTo("–");
        assertThat(browser.byTestId("pause-toggle").isEnabled()).isFalse();
        assertThat(browser.script("return sessionStorage.getItem('wr.operator.key')")).isNull();

        // The right key: the numbers appear, and the key is kept for this tab only.
        type("admin-key", ADMIN_KEY);
        browser.click("connect");
        browser.wait.until(ExpectedConditions.attributeToBe(testId("connection"), "data-state", "live"));
        browser.wait.until(ExpectedConditions.attributeToBe(testId("waiting"), "data-value", "0"));
        assertThat(browser.byTestIdPresent("error").getAttribute("textContent")).isEmpty();
        assertThat(browser.byTestId("active").getAttribute("data-value")).isEqualTo("0");
        assertThat(browser.byTestId("configured-rate").getText()).isEqualTo("100/s");
        assertThat(browser.byTestId("paused").getText()).isEqualTo("running");
        assertThat(browser.script("return sessionStorage.getItem('wr.operator.key')")).isEqualTo(ADMIN_KEY);
        assertThat((String) browser.script("return JSON.stringify(localStorage)")).doesNotContain(ADMIN_KEY);

        // People enter: the console sees them within a second or two, with no reload.
        for (long user = 1; user <= 5; user++) {
            queue.enter(user, 1);
        }
        new WebDriverWait(browser.driver, WITHIN_A_SECOND_OR_TWO)
                .until(ExpectedConditions.attributeToBe(testId("waiting"), "data-value", "5"));

        // Admit per tick, changed through the page: in force, and the result shown.
        type("admit-per-tick", "2");
        browser.click("apply-settings");
        browser.wait.until(ExpectedConditions.textToBe(testId("result"), en.format("operator.applied", Map.of(
                "admit", "2", "tick", "1,000", "max", "5,000", "state", en.text("operator.state.running")))));
        assertThat(settings()).containsEntry("admitPerTick", 2);
        browser.wait.until(ExpectedConditions.textToBe(testId("configured-rate"), "2/s"));

        // A tick admits two: the line moves on the console.
        assertThat(queue.tick(1)).isEqualTo(2);
        new WebDriverWait(browser.driver, WITHIN_A_SECOND_OR_TWO)
                .until(ExpectedConditions.attributeToBe(testId("active"), "data-value", "2"));
        assertThat(browser.byTestId("waiting").getAttribute("data-value")).isEqualTo("3");
        assertThat(browser.byTestId("admitted-last-minute").getAttribute("data-value")).isEqualTo("2");
        browser.wait.until(d -> chartPoints() >= 3);

        // Pause from the console: the line is paused, and a tick admits nobody.
        browser.click("pause-toggle");
        browser.wait.until(ExpectedConditions.textToBe(testId("paused"), "paused"));
        assertThat(settings()).containsEntry("paused", true);
        assertThat(browser.byTestId("pause-toggle").getText()).isEqualTo(en.text("operator.resume"));
        assertThat(queue.tick(1)).isZero();
        assertThat(browser.byTestId("active").getAttribute("data-value")).isEqualTo("2");

        // A value out of range: refused by the server, said on the page, nothing changed.
        type("tick-millis", "5");
        browser.click("apply-settings");
        browser.wait.until(ExpectedConditions.textToBe(testId("error"), en.format("operator.changeFailed",
                Map.of("code", "INVALID_REQUEST", "reason", en.text("errors.INVALID_REQUEST")))));
        assertThat(settings()).containsEntry("tickMillis", 1000).containsEntry("paused", true);

        // Korean at a click; the machine-readable state stays as it is.
        browser.click("lang-ko");
        browser.wait.until(d -> "ko".equals(browser.htmlLang()));
        assertThat(browser.byTestId("pause-toggle").getText()).isEqualTo(ko.text("operator.resume"));
        assertThat(browser.byTestId("paused").getText()).isEqualTo("paused");
        assertThat(browser.byTestId("configured-rate").getText()).isEqualTo(ko.format("operator.perSecond", Map.of("n", "2")));
        browser.screenshot("operator-console-ko.png");

        // Everything came from the app itself: uPlot is vendored, no CDN.
        @SuppressWarnings("unchecked")
        List<String> loaded = (List<String>) browser.script("return performance.getEntriesByType('resource').map((e) => e.name)");
        assertThat(loaded).anyMatch(url -> url.endsWith("/vendor/uplot/uPlot.iife.min.js"))
                .allMatch(url -> url.startsWith("http://localhost:" + port + "/"));

        // The network drops the stream: the console says so, and opens it again by itself when it can.
        browser.driver.executeCdpCommand("Network.enable", Map.of());
        browser.driver.executeCdpCommand("Network.emulateNetworkConditions", network(true));
        browser.wait.until(ExpectedConditions.attributeToBe(testId("connection"), "data-state", "reconnecting"));
        browser.driver.executeCdpCommand("Network.emulateNetworkConditions", network(false));
        browser.wait.until(ExpectedConditions.attributeToBe(testId("connection"), "data-state", "live"));

        // A reload of the tab connects again with the kept key; "forget" ends the stream and the key.
        browser.driver.navigate().refresh();
        browser.wait.until(ExpectedConditions.attributeToBe(testId("connection"), "data-state", "live"));
        browser.wait.until(ExpectedConditions.textToBe(testId("paused"), "paused"));
        browser.click("forget");
        assertThat(browser.byTestId("connection").getAttribute("data-state")).isEqualTo("off");
        assertThat(browser.script("return sessionStorage.getItem('wr.operator.key')")).isNull();
        assertThat(browser.byTestId("admin-key").getAttribute("value")).isEmpty();
        browser.wait.until(d -> prometheus().contains("waiting_room_console_streams 0.0"));
    }

    private static Map<String, Object> network(boolean offline) {
        return Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1);
    }

    private void type(String testId, String value) {
        WebElement input = browser.byTestId(testId);
        input.clear();
        input.sendKeys(value);
    }

    /** Points the chart holds (one per event of the stream), once its canvas has something drawn on it. */
    private long chartPoints() {
        Object n = browser.script("""
                const chart = document.querySelector('[data-testid="chart"]');
                const canvas = chart.querySelector('canvas');
                if (!canvas || !canvas.width) return 0;
                const blank = Object.assign(document.createElement('canvas'), { width: canvas.width, height: canvas.height });
                return canvas.toDataURL() === blank.toDataURL() ? 0 : Number(chart.dataset.points);
                """);
        return ((Number) n).longValue();
    }

    private Map<String, Object> settings() {
        return web.get().uri("/admin/queues/1/settings").header("X-Admin-Key", ADMIN_KEY)
                .exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                })
                .returnResult().getResponseBody();
    }

    private String prometheus() {
        return web.get().uri("/actuator/prometheus").exchange().expectBody(String.class).returnResult().getResponseBody();
    }
}
