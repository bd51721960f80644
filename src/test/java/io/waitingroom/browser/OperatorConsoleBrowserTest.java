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
 * the vendored uPlot, and nothing is loaded from anywhere but the app. And the seats: the share
 * of active passes per free seat is a setting like the others, the seats' state (free, all held,
 * sold out) and their numbers come live, and each date's free, held and sold seats are read again
 * every few seconds.
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
        // The demo's concerts first; those other tests set up stay after them.
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
                "admit", "2", "tick", "1,000", "max", "5,000", "perSeat", "1", "state", en.text("operator.state.running")))));
        assertThat(settings(1)).containsEntry("admitPerTick", 2);
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
        assertThat(settings(1)).containsEntry("paused", true);
        assertThat(browser.byTestId("pause-toggle").getText()).isEqualTo(en.text("operator.resume"));
        assertThat(queue.tick(1)).isZero();
        assertThat(browser.byTestId("active").getAttribute("data-value")).isEqualTo("2");

        // A value out of range: refused by the server, said on the page, nothing changed.
        type("tick-millis", "5");
        browser.click("apply-settings");
        browser.wait.until(ExpectedConditions.textToBe(testId("error"), en.format("operator.changeFailed",
                Map.of("code", "INVALID_REQUEST", "reason", en.text("errors.INVALID_REQUEST")))));
        assertThat(settings(1)).containsEntry("tickMillis", 1000).containsEntry("paused", true);

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

    @Test
    void theConsoleShowsTheSeatsLiveFromFreeToAllHeldToSoldOutAndEachDatesCounts() throws Exception {
        Messages en = Messages.of("en");
        Messages ko = Messages.of("ko");
        SmallSale sale = SmallSale.withDates(2, web, queue, boxOffice, callers, clock);
        SmallSale.Date first = sale.dates.get(0);
        SmallSale.Date second = sale.dates.get(1);
        sale.count();

        browser = Browser.open("en-US", Browser.Screen.WINDOW);
        browser.driver.get("http://localhost:" + port + "/operator");
        browser.waitForTexts();
        Select concerts = new Select(browser.byTestId("concert-select"));
        browser.wait.until(d -> concerts.getOptions().stream().anyMatch(o -> o.getAttribute("value").equals(String.valueOf(sale.concertId))));
        concerts.selectByValue(String.valueOf(sale.concertId));
        type("admin-key", ADMIN_KEY);
        browser.click("connect");
        browser.wait.until(ExpectedConditions.attributeToBe(testId("connection"), "data-state", "live"));

        // Four seats on two dates, all free.
        browser.wait.until(ExpectedConditions.textToBe(testId("availability"), "AVAILABLE"));
        assertThat(browser.byTestId("availability-word").getText()).isEqualTo(en.text("operator.availability.AVAILABLE"));
        assertThat(browser.byTestId("free-seats").getAttribute("data-value")).isEqualTo("4");
        assertThat(browser.byTestId("held-seats").getAttribute("data-value")).isEqualTo("0");
        assertThat(browser.byTestId("sold-seats").getAttribute("data-value")).isEqualTo("0");
        assertThat(browser.byTestIdPresent("availability-banner").isDisplayed()).isFalse();
        browser.wait.until(ExpectedConditions.textToBe(testId(dateCell(first, "free")), "2"));
        assertDate(first, "2", "0", "0");
        assertDate(second, "2", "0", "0");

        // The share of active passes per free seat: shown with its range, changed, refused out of range and when not a number.
        WebElement perSeat = browser.byTestId("max-active-per-free-seat");
        assertThat(perSeat.getAttribute("value")).isEqualTo("1");
        assertThat(browser.byTestId("max-active-per-free-seat").getAttribute("aria-describedby")).isEqualTo("o-per-seat-range o-per-seat-hint");
        assertThat(browser.driver.findElement(org.openqa.selenium.By.id("o-per-seat-range")).getText())
                .isEqualTo(en.format("operator.rangeAboveZero", Map.of("min", "0", "max", "1,000")));
        assertThat(browser.driver.findElement(org.openqa.selenium.By.id("o-per-seat-hint")).getText())
                .isEqualTo(en.text("operator.maxActivePerFreeSeatHint"));
        type("max-active-per-free-seat", "0.5");
        browser.click("apply-settings");
        browser.wait.until(ExpectedConditions.textToBe(testId("result"), en.format("operator.applied", Map.of(
                "admit", "100", "tick", "1,000", "max", "5,000", "perSeat", "0.5", "state", en.text("operator.state.running")))));
        assertThat(settings(sale.concertId)).containsEntry("maxActivePerFreeSeat", 0.5);
        type("max-active-per-free-seat", "0");
        browser.click("apply-settings");
        browser.wait.until(ExpectedConditions.textToBe(testId("error"), en.format("operator.changeFailed",
                Map.of("code", "INVALID_REQUEST", "reason", en.text("errors.INVALID_REQUEST")))));
        type("max-active-per-free-seat", "half");
        browser.click("apply-settings");
        browser.wait.until(ExpectedConditions.textToBe(testId("error"), en.text("operator.perFreeSeatNumber")));
        assertThat(perSeat.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(settings(sale.concertId)).containsEntry("maxActivePerFreeSeat", 0.5);
        type("max-active-per-free-seat", "1");
        browser.click("apply-settings");
        browser.wait.until(ExpectedConditions.textToBe(testId("result"), en.format("operator.applied", Map.of(
                "admit", "100", "tick", "1,000", "max", "5,000", "perSeat", "1", "state", en.text("operator.state.running")))));
        assertThat(settings(sale.concertId)).containsEntry("maxActivePerFreeSeat", 1.0);

        // Someone holds the first date's seats: that date shows them held at its next reading, the totals at the next count.
        long firstHold = sale.holdEverySeat(1, first);
        browser.wait.until(ExpectedConditions.textToBe(testId(dateCell(first, "held")), "2"));
        assertDate(first, "0", "2", "0");
        assertDate(second, "2", "0", "0");
        sale.count();
        browser.wait.until(ExpectedConditions.attributeToBe(testId("held-seats"), "data-value", "2"));
        assertThat(browser.byTestId("free-seats").getAttribute("data-value")).isEqualTo("2");
        assertThat(browser.byTestId("availability").getText()).isEqualTo("AVAILABLE");

        // And someone else the second date's: every seat is held, none free.
        long secondHold = sale.holdEverySeat(2, second);
        sale.count();
        browser.wait.until(ExpectedConditions.textToBe(testId("availability"), "ALL_HELD"));
        assertThat(browser.byTestId("availability-word").getText()).isEqualTo(en.text("operator.availability.ALL_HELD"));
        assertThat(browser.byTestId("availability-banner").getText()).isEqualTo(en.text("operator.banner.ALL_HELD"));
        assertThat(browser.byTestId("free-seats").getAttribute("data-value")).isEqualTo("0");
        assertThat(browser.byTestId("held-seats").getAttribute("data-value")).isEqualTo("4");
        browser.wait.until(ExpectedConditions.textToBe(testId(dateCell(second, "held")), "2"));
        assertDate(second, "0", "2", "0");

        // Both pay: sold out.
        sale.pay(1, firstHold);
        sale.pay(2, secondHold);
        sale.count();
        browser.wait.until(ExpectedConditions.textToBe(testId("availability"), "SOLD_OUT"));
        assertThat(browser.byTestId("availability-word").getText()).isEqualTo(en.text("operator.availability.SOLD_OUT"));
        assertThat(browser.byTestId("availability-banner").getText()).isEqualTo(en.text("operator.banner.SOLD_OUT"));
        assertThat(browser.byTestId("sold-seats").getAttribute("data-value")).isEqualTo("4");
        assertThat(browser.byTestId("held-seats").getAttribute("data-value")).isEqualTo("0");
        assertThat(browser.byTestId("free-seats").getAttribute("data-value")).isEqualTo("0");
        browser.wait.until(ExpectedConditions.textToBe(testId(dateCell(second, "sold")), "2"));
        browser.wait.until(ExpectedConditions.textToBe(testId(dateCell(first, "sold")), "2"));
        assertDate(first, "0", "0", "2");
        assertDate(second, "0", "0", "2");
        browser.checkPage("operator console, sold out");

        // The dates are read one at a time: never two readings of the concert in flight at once.
        assertThat(overlappingDateReads()).as("readings of the dates that overlapped").isZero();

        browser.click("lang-ko");
        browser.wait.until(ExpectedConditions.textToBe(testId("availability-word"), ko.text("operator.availability.SOLD_OUT")));
        assertThat(browser.byTestId("availability").getText()).isEqualTo("SOLD_OUT");
        assertThat(browser.byTestId("availability-banner").getText()).isEqualTo(ko.text("operator.banner.SOLD_OUT"));
        browser.screenshot("operator-sold-out-ko.png");
    }

    private static String dateCell(SmallSale.Date date, String field) {
        return "live-date-" + date.scheduleId() + "-" + field;
    }

    private void assertDate(SmallSale.Date date, String free, String held, String sold) {
        assertThat(List.of(browser.byTestId(dateCell(date, "free")).getText(), browser.byTestId(dateCell(date, "held")).getText(),
                browser.byTestId(dateCell(date, "sold")).getText()))
                .as("free, held and sold seats of date %d", date.scheduleId()).containsExactly(free, held, sold);
    }

    /** How many of the console's readings of /admin/concerts/{id} started before the one before them had ended. */
    private long overlappingDateReads() {
        return ((Number) browser.script("""
                const reads = performance.getEntriesByType('resource').filter((e) => /\\/admin\\/concerts\\/\\d+$/.test(e.name));
                let overlaps = 0;
                for (let i = 1; i < reads.length; i++) if (reads[i].startTime < reads[i - 1].responseEnd) overlaps++;
                return overlaps;
                """)).longValue();
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

    private Map<String, Object> settings(long concertId) {
        return web.get().uri("/admin/queues/{id}/settings", concertId).header("X-Admin-Key", ADMIN_KEY)
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
