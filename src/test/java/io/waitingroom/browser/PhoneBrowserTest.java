package io.waitingroom.browser;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.waitingroom.support.CleanSlate;
import io.waitingroom.support.InBrowser;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.http.MediaType;

import static io.waitingroom.browser.Browser.testId;
import static io.waitingroom.support.ManyClients.concurrently;
import static io.waitingroom.support.ManyClients.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page on a 390 x 844 phone, in both languages, the operator console too: no sideways
 * scrolling of the page, touch targets of at least 44 px, the seat map scrolling and zooming
 * inside its own box, and no serious or critical axe-core violation. Saves
 * target/browser/waiting-{ko,en}-phone.png.
 */
@InBrowser
class PhoneBrowserTest extends TestBase {

    private static final int AHEAD = 300;
    private static final int ADMITTED_WHILE_WATCHING = 60;

    private Browser browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ko-KR", "en-US"})
    void everyPageFitsAPhoneAndPassesAxe(String language) throws Exception {
        String shown = language.substring(0, 2);
        Messages messages = Messages.of(shown);
        browser = Browser.open(language, Browser.Screen.PHONE);
        queue.tick(1); // the rate behind ETAs starts from the configured one
        queue.putSettings(1, Map.of("admitPerTick", 1, "maxActive", 10_000));
        concurrently(AHEAD, i -> send(http.post().uri("/api/v1/queue/tokens")
                .header("X-User-Id", Long.toString(i + 1))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("concertId", 1))));

        browser.driver.get("http://localhost:" + port + "/");
        browser.waitForTexts();
        assertThat(((Number) browser.script("return window.innerWidth")).intValue()).isEqualTo(390);
        check("concerts");

        WebElement userId = browser.byTestId("user-id");
        userId.clear();
        userId.sendKeys("500");
        browser.click("enter-1");
        browser.wait.until(ExpectedConditions.textToBe(testId("rank"), "301"));
        check("waiting room");

        // The line moves one a second for a minute; a hurried person reloads and sees how far it moved.
        for (int i = 0; i < ADMITTED_WHILE_WATCHING; i++) {
            queue.tick(1);
        }
        browser.driver.navigate().refresh();
        browser.wait.until(ExpectedConditions.textToBe(testId("rank"), "241"));
        browser.wait.until(ExpectedConditions.attributeToBe(testId("progress"), "aria-valuenow", "20"));
        String fourMinutes = shown.equals("ko") ? "4분" : "4 minutes";
        assertThat(browser.byTestId("eta").getText()).isEqualTo(messages.format("waiting.etaAbout", Map.of("s", fourMinutes)));
        browser.wait.until(d -> "false".equals(browser.byTestIdPresent("checking").getAttribute("data-on")));
        browser.screenshot("waiting-" + shown + "-phone.png");
        check("waiting room, moving");
        checkInDarkMode("waiting room, moving, dark");

        queue.putSettings(1, Map.of("admitPerTick", 1_000));
        queue.tick(1);
        browser.driver.navigate().refresh(); // the next poll would come in 30 s, as the server said
        browser.wait.until(ExpectedConditions.elementToBeClickable(testId("schedule-101")));
        check("dates");

        DemoSeat first = DemoSeat.of(db, 101, 1);
        DemoSeat tenth = DemoSeat.of(db, 101, 10); // the same section (R, one row of ten), its far end
        browser.click("schedule-101");
        browser.wait.until(ExpectedConditions.elementToBeClickable(testId(first.section())));
        check("sections");
        browser.click(first.section());
        browser.wait.until(ExpectedConditions.elementToBeClickable(testId(first.seat())));
        assertSeatMapScrollsInsideItself(first, 44);
        check("seat map");
        checkInDarkMode("seat map, dark");

        browser.click(tenth.seat()); // the far end of the row: reached by scrolling the map, not the page
        browser.wait.until(ExpectedConditions.attributeToBe(testId(tenth.seat()), "aria-pressed", "true"));
        browser.click("seat-zoom");
        assertThat(browser.byTestId("seat-zoom").getAttribute("aria-pressed")).isEqualTo("true");
        assertSeatMapScrollsInsideItself(first, 60);
        check("seat map, zoomed");

        browser.click("hold");
        browser.wait.until(ExpectedConditions.attributeToBe(testId("reservation-status"), "data-status", "HELD"));
        browser.wait.until(ExpectedConditions.attributeToBe(testId("balance"), "data-value", "0"));
        check("checkout");

        WebElement amount = browser.byTestId("charge-amount");
        amount.clear();
        amount.sendKeys("200000");
        browser.click("charge");
        browser.wait.until(ExpectedConditions.attributeToBe(testId("balance"), "data-value", "200000"));
        browser.click("pay");
        browser.wait.until(ExpectedConditions.attributeToBe(testId("reservation-status"), "data-status", "PAID"));
        check("checkout, paid");

        // Error states: a problem code in words, and a queue pass the server does not recognise.
        browser.driver.get("http://localhost:" + port + "/#/checkout/99999");
        browser.wait.until(ExpectedConditions.textToBe(testId("checkout-message"), messages.text("errors.RESERVATION_NOT_FOUND")));
        check("checkout, not found");

        browser.script("sessionStorage.setItem('wr.token.2', JSON.stringify({token: '2.500.forged', userId: '500', initialRank: 1}))");
        browser.driver.get("http://localhost:" + port + "/#/queue/2");
        browser.wait.until(ExpectedConditions.textToBe(testId("waiting-message"), messages.text("waiting.expiredUnrecognised")));
        assertThat(browser.byTestId("queue-again").isDisplayed()).isTrue();
        check("waiting room, pass not recognised");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ko-KR", "en-US"})
    void theOperatorConsoleFitsAPhoneAndPassesAxe(String language) throws Exception {
        Messages messages = Messages.of(language.substring(0, 2));
        browser = Browser.open(language, Browser.Screen.PHONE);
        queue.putSettings(1, Map.of("admitPerTick", 2));
        for (long user = 1; user <= 5; user++) {
            queue.enter(user, 1);
        }
        queue.tick(1);
        queue.putSettings(2, Map.of("saleOpensAt", Instant.now().plus(Duration.ofHours(2)).toString()));
        queue.enter(6, 2);

        browser.driver.get("http://localhost:" + port + "/operator");
        browser.waitForTexts();
        Select concerts = new Select(browser.byTestId("concert-select"));
        browser.wait.until(d -> concerts.getOptions().size() >= CleanSlate.DEMO_CONCERTS); // other tests' concerts stay
        WebElement key = browser.byTestId("admin-key");
        key.sendKeys("wrong");
        browser.click("connect");
        browser.wait.until(ExpectedConditions.textToBe(testId("error"),
                messages.format("operator.connectFailed", Map.of("reason", messages.text("errors.ADMIN_KEY_REQUIRED")))));
        check("operator console, key refused");

        key.clear();
        key.sendKeys(ADMIN_KEY);
        browser.click("connect");
        browser.wait.until(ExpectedConditions.attributeToBe(testId("active"), "data-value", "2"));
        browser.wait.until(d -> Long.parseLong(browser.byTestId("chart").getAttribute("data-points")) >= 2);
        check("operator console");
        checkInDarkMode("operator console, dark");

        // Another concert, whose sale has a start: its time and the early arrivals, and the start's own controls.
        concerts.selectByValue("2");
        browser.wait.until(ExpectedConditions.attributeToBe(testId("pre-queue"), "data-value", "1"));
        assertThat(browser.byTestId("sale-opens-at").getText()).isNotBlank();
        assertThat(browser.byTestId("eta-of-last").getText()).isEqualTo(messages.text("operator.etaBeforeSale"));
        assertThat(browser.byTestId("open-sale-now").isDisplayed()).isTrue();
        check("operator console, before a sale");
    }

    /** The page's checks, and a screenshot of it for people to look at (target/browser/phone-{lang}-{page}.png). */
    private void check(String page) throws Exception {
        browser.screenshot("phone-" + browser.language + "-" + page.replaceAll("[^a-z]+", "-") + ".png");
        browser.checkPage(page);
    }

    /** The same checks with the phone in dark mode (the pages follow prefers-color-scheme). */
    private void checkInDarkMode(String page) throws Exception {
        browser.driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            assertThat(browser.script("return matchMedia('(prefers-color-scheme: dark)').matches")).isEqualTo(true);
            check(page);
        } finally {
            browser.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }

    /** Seats are touch-sized; the map is wider than a phone, so it scrolls by itself while the page does not. */
    private void assertSeatMapScrollsInsideItself(DemoSeat seatOnMap, int seatPx) {
        @SuppressWarnings("unchecked")
        Map<String, Number> sizes = (Map<String, Number>) browser.script("""
                const map = document.querySelector('[data-testid="seat-map"]');
                const seat = document.querySelector(`[data-testid="${arguments[0]}"]`).getBoundingClientRect();
                return { mapScroll: map.scrollWidth, mapClient: map.clientWidth,
                         pageScroll: document.documentElement.scrollWidth, pageClient: document.documentElement.clientWidth,
                         seatWidth: seat.width, seatHeight: seat.height };
                """, seatOnMap.seat());
        assertThat(sizes.get("seatWidth").doubleValue()).as("seat width").isGreaterThanOrEqualTo(seatPx);
        assertThat(sizes.get("seatHeight").doubleValue()).as("seat height").isGreaterThanOrEqualTo(seatPx);
        assertThat(sizes.get("mapScroll").intValue()).as("the map scrolls sideways").isGreaterThan(sizes.get("mapClient").intValue());
        assertThat(sizes.get("pageScroll").intValue()).as("the page does not").isLessThanOrEqualTo(sizes.get("pageClient").intValue());
        assertThat(browser.byTestId("seat-map").getAttribute("tabindex")).as("the map can be scrolled from a keyboard").isEqualTo("0");
    }
}
