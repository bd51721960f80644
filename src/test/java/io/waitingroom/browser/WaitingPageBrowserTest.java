package io.waitingroom.browser;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.waitingroom.support.InBrowser;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

import static io.waitingroom.browser.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The waiting page for a screen reader and on a bad network: the rank and the wait are announced
 * in a polite live region when they change and only then, the progress bar carries its ARIA role
 * and values, and when checks fail the last known place stays on screen with "Checking…". And the
 * states the server tells: before the sale a countdown to its start, then the place drawn; while
 * sales are paused no promised time and rare checks, then the wait again when they resume. And the
 * seats: while every one is held by someone paying, the place without a time and rare checks; once
 * they are sold, "sold out", in words and to screen readers, with no check left to come; and an
 * entry into a sold-out concert says so rather than a generic error.
 */
@InBrowser
class WaitingPageBrowserTest extends TestBase {

    private static final Pattern COUNTDOWN = Pattern.compile("(\\d+):(\\d{2})");
    /** The venue's zone's name follows when the device's differs (the demo concerts are in Seoul). */
    private static final String ZONE = "(?: GMT[+-]\\d{1,2}(?::\\d{2})?)?";
    private static final String KO_DATE_TIME = "\\d{4}년 \\d{1,2}월 \\d{1,2}일 \\(.\\) (오전|오후) \\d{1,2}:\\d{2}" + ZONE;
    private static final String EN_DATE_TIME = "[A-Z][a-z]{2}, [A-Z][a-z]{2} \\d{1,2}, \\d{4}, \\d{1,2}:\\d{2}[\\s\\u202f](AM|PM)" + ZONE;
    private static final String POLLS = "return performance.getEntriesByType('resource')"
            + ".filter((e) => e.name.includes('/queue/tokens/me')).length";

    private Browser browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void rankAndWaitAreAnnouncedWhenTheyChangeAndOnlyThen() throws Exception {
        Messages en = Messages.of("en");
        String underMinute = en.text("waiting.etaUnderMinute");
        browser = Browser.open("en-US", Browser.Screen.PHONE);
        queue.tick(1);
        queue.putSettings(1, Map.of("admitPerTick", 2)); // nothing ticks but the test: the line stands still
        for (long ahead = 1; ahead <= 3; ahead++) {
            queue.enter(ahead, 1);
        }
        joinAs500();
        browser.wait.until(ExpectedConditions.textToBe(testId("rank"), "4"));

        WebElement live = browser.byTestIdPresent("announcer");
        assertThat(live.getAttribute("aria-live")).isEqualTo("polite");
        assertThat(live.getAttribute("role")).isEqualTo("status");
        browser.wait.until(ExpectedConditions.attributeToBe(live, "textContent",
                en.format("waiting.announce", Map.of("rank", "4", "eta", underMinute))));

        WebElement progress = browser.byTestId("progress");
        assertThat(progress.getAttribute("role")).isEqualTo("progressbar");
        assertThat(progress.getAttribute("aria-valuemin")).isEqualTo("0");
        assertThat(progress.getAttribute("aria-valuemax")).isEqualTo("100");
        assertThat(progress.getAttribute("aria-valuenow")).isEqualTo("0");
        String labelId = progress.getAttribute("aria-labelledby");
        assertThat(browser.driver.findElement(By.id(labelId)).getText()).isEqualTo(en.text("waiting.progress"));

        // Polls that change nothing leave the live region alone (nothing is read out again).
        browser.script("""
                window.liveChanges = 0;
                new MutationObserver((records) => { window.liveChanges += records.length; })
                    .observe(document.querySelector('[data-testid="announcer"]'), { childList: true, characterData: true, subtree: true });
                """);
        long pollsBefore = ((Number) browser.script(POLLS)).longValue();
        browser.wait.until(d -> ((Number) browser.script(POLLS)).longValue() >= pollsBefore + 2);
        assertThat(((Number) browser.script("return window.liveChanges")).intValue()).isZero();

        // The line moves: the new place is announced, and the bar moves with its value.
        queue.tick(1);
        browser.wait.until(ExpectedConditions.textToBe(testId("rank"), "2"));
        browser.wait.until(ExpectedConditions.attributeToBe(live, "textContent",
                en.format("waiting.announce", Map.of("rank", "2", "eta", underMinute))));
        assertThat(((Number) browser.script("return window.liveChanges")).intValue()).isPositive();
        assertThat(progress.getAttribute("aria-valuenow")).isEqualTo("50");
        browser.checkPage("waiting room");

        // Focus is visible: reaching "Leave queue" from the keyboard draws a ring around it.
        WebElement leave = browser.byTestId("leave");
        for (int i = 0; i < 10 && !leave.equals(browser.driver.switchTo().activeElement()); i++) {
            new Actions(browser.driver).sendKeys(Keys.TAB).perform();
        }
        assertThat(browser.driver.switchTo().activeElement()).isEqualTo(leave);
        assertThat(browser.script("return document.activeElement.matches(':focus-visible')")).isEqualTo(true);
        assertThat(browser.script("return getComputedStyle(document.activeElement).boxShadow")).isNotEqualTo("none");
    }

    @Test
    void whenChecksFailTheLastKnownPlaceStaysWithChecking() throws Exception {
        Messages en = Messages.of("en");
        browser = Browser.open("en-US", Browser.Screen.PHONE);
        queue.tick(1);
        for (long ahead = 1; ahead <= 3; ahead++) {
            queue.enter(ahead, 1);
        }
        joinAs500();
        browser.wait.until(ExpectedConditions.textToBe(testId("rank"), "4"));
        browser.wait.until(d -> "false".equals(browser.byTestIdPresent("checking").getAttribute("data-on")));
        assertThat(browser.byTestIdPresent("checking").isDisplayed()).isFalse();

        // The network drops every check, and the person reloads in a hurry.
        browser.driver.executeCdpCommand("Network.enable", Map.of());
        browser.driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/queue/tokens/me*")));
        browser.driver.navigate().refresh();
        browser.wait.until(d -> browser.byTestId("waiting-message").getText().startsWith(en.prefix("waiting.busyPoll")));
        assertThat(browser.byTestId("rank").getText()).as("the last known place, not a blank").isEqualTo("4");
        assertThat(browser.byTestId("eta").getText()).isEqualTo(en.text("waiting.etaUnderMinute"));
        assertThat(browser.byTestId("checking").isDisplayed()).isTrue();
        assertThat(browser.byTestId("checking").getText()).isEqualTo(en.text("waiting.checking"));
        browser.checkPage("waiting room, checks failing");

        browser.driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        browser.wait.until(ExpectedConditions.textToBe(testId("waiting-message"), en.text("waiting.reconnected")));
        browser.wait.until(d -> !browser.byTestIdPresent("checking").isDisplayed());
        assertThat(browser.byTestId("rank").getText()).isEqualTo("4");
    }

    @Test
    void beforeTheSaleThePageCountsDownAndOnceItOpensShowsThePlace() throws Exception {
        Messages ko = Messages.of("ko");
        Messages en = Messages.of("en");
        browser = Browser.open("ko-KR", Browser.Screen.PHONE);
        openFrontPageAs500();
        // Whether the sale has opened is Redis's call, on its real clock: the start is a few real seconds ahead,
        // and this instance's clock (which stands still in tests unless moved) is set to the real time as well.
        clock.reset();
        queue.putSettings(1, Map.of("saleOpensAt", Instant.now().plusSeconds(6).toString()));
        browser.click("enter-1");

        WebElement countdown = browser.byTestId("sale-countdown");
        browser.wait.until(d -> COUNTDOWN.matcher(countdown.getText()).matches());
        int first = secondsOf(countdown.getText());
        assertThat(first).isBetween(1, 6);
        browser.wait.until(d -> secondsOf(countdown.getText()) < first);
        String opensAt = browser.byTestId("sale-opens-at").getText();
        assertThat(opensAt).matches(KO_DATE_TIME);
        assertThat(browser.byTestId("waiting-message").getText()).isEqualTo(ko.text("waiting.joinedPre"));
        assertThat(browser.driver.getTitle()).isEqualTo(ko.text("title.waitingPreQueue"));
        assertThat(browser.byTestIdPresent("announcer").getAttribute("textContent"))
                .isEqualTo(ko.format("waiting.announcePre", Map.of("at", opensAt)));
        for (String row : List.of("rank", "ahead", "eta")) {
            assertThat(browser.byTestIdPresent(row).isDisplayed()).as("%s before the sale", row).isFalse();
        }
        browser.screenshot("countdown-ko-phone.png");

        browser.click("lang-en");
        browser.wait.until(ExpectedConditions.textToBe(testId("waiting-message"), en.text("waiting.joinedPre")));
        assertThat(browser.byTestId("sale-opens-at").getText()).matches(EN_DATE_TIME);
        assertThat(browser.driver.getTitle()).isEqualTo(en.text("title.waitingPreQueue"));
        browser.checkPage("waiting room, before the sale");

        // The operator opens the sale: the page's next poll (at the server's hint) brings the place drawn.
        queue.putSettings(1, Collections.singletonMap("saleOpensAt", null));
        browser.wait.until(ExpectedConditions.textToBe(testId("rank"), "1"));
        assertThat(browser.byTestId("eta").getText()).isEqualTo(en.text("waiting.etaUnderMinute"));
        assertThat(browser.byTestId("ahead").getText()).isEqualTo("0");
        assertThat(browser.byTestIdPresent("sale-countdown").isDisplayed()).isFalse();
        assertThat(browser.byTestIdPresent("sale-opens-at").isDisplayed()).isFalse();
        assertThat(browser.byTestId("waiting-message").getText()).isEqualTo(en.text("waiting.drawn"));
        assertThat(browser.driver.getTitle()).isEqualTo(en.format("title.waitingRank", Map.of("rank", "1")));
    }

    @Test
    void whilePausedThePageSaysSoInsteadOfATimeAndResumesWhenUnpaused() throws Exception {
        Messages en = Messages.of("en");
        Messages ko = Messages.of("ko");
        browser = Browser.open("en-US", Browser.Screen.PHONE);
        queue.tick(1);
        queue.putSettings(1, Map.of("paused", true));
        for (long ahead = 1; ahead <= 3; ahead++) {
            queue.enter(ahead, 1);
        }
        joinAs500();
        browser.wait.until(ExpectedConditions.textToBe(testId("rank"), "4"));
        assertThat(browser.byTestId("eta").getText()).isEqualTo(en.text("waiting.etaPaused"));
        assertThat(browser.byTestId("waiting-message").getText()).isEqualTo(en.text("waiting.paused"));
        assertThat(browser.driver.getTitle()).isEqualTo(en.text("title.waitingPaused"));
        WebElement live = browser.byTestIdPresent("announcer");
        browser.wait.until(ExpectedConditions.attributeToBe(live, "textContent",
                en.format("waiting.announcePaused", Map.of("rank", "4"))));
        browser.script("""
                window.liveChanges = 0;
                new MutationObserver((records) => { window.liveChanges += records.length; })
                    .observe(document.querySelector('[data-testid="announcer"]'), { childList: true, characterData: true, subtree: true });
                """);

        // A paused line asks rarely: the first check comes the server's 5 s after the entry, and says nothing new.
        browser.wait.until(d -> ((Number) browser.script(POLLS)).longValue() >= 1);
        double gap = ((Number) browser.script("""
                const named = (end) => performance.getEntriesByType('resource').filter((e) => e.name.endsWith(end));
                return named('/queue/tokens/me')[0].startTime - named('/queue/tokens')[0].startTime;
                """)).doubleValue();
        assertThat(gap).as("ms from the entry to the first check while paused").isGreaterThanOrEqualTo(4_900);
        assertThat(((Number) browser.script("return window.liveChanges")).intValue()).as("announced once, not at every check").isZero();
        assertThat(browser.byTestId("eta").getText()).isEqualTo(en.text("waiting.etaPaused"));
        browser.checkPage("waiting room, paused");

        browser.click("lang-ko");
        browser.wait.until(ExpectedConditions.textToBe(testId("eta"), ko.text("waiting.etaPaused")));
        assertThat(browser.byTestId("waiting-message").getText()).isEqualTo(ko.text("waiting.paused"));
        assertThat(browser.driver.getTitle()).isEqualTo(ko.text("title.waitingPaused"));

        queue.putSettings(1, Map.of("paused", false));
        browser.wait.until(ExpectedConditions.textToBe(testId("eta"), ko.text("waiting.etaUnderMinute")));
        assertThat(browser.byTestId("waiting-message").getText()).isEqualTo(ko.text("waiting.resumed"));
        assertThat(browser.byTestId("rank").getText()).isEqualTo("4");
        browser.wait.until(ExpectedConditions.attributeToBe(live, "textContent",
                ko.format("waiting.announce", Map.of("rank", "4", "eta", ko.text("waiting.etaUnderMinute")))));
        assertThat(browser.driver.getTitle()).isEqualTo(ko.format("title.waitingRank", Map.of("rank", "4")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en-US", "ko-KR"})
    void whileEverySeatIsHeldThePlaceStaysWithoutATimeAndOnceSoldOutThePageStopsChecking(String language) throws Exception {
        Messages messages = Messages.of(language.substring(0, 2));
        SmallSale sale = SmallSale.withDates(1, web, queue, boxOffice, callers, clock);
        // A buyer let in before holds both seats: none is free, and the line lets nobody else in.
        long reservation = sale.holdEverySeat(1, sale.dates.get(0));
        sale.count();

        browser = Browser.open(language, Browser.Screen.PHONE);
        browser.countTimers();
        openFrontPageAs500();
        browser.click("enter-" + sale.concertId);
        browser.wait.until(ExpectedConditions.textToBe(testId("waiting-message"), messages.text("waiting.allHeld")));
        assertThat(browser.byTestId("rank").getText()).as("the place is kept").isEqualTo("1");
        assertThat(browser.byTestId("ahead").getText()).isEqualTo("0");
        assertThat(browser.byTestId("eta").getText()).as("no time is promised").isEqualTo(messages.text("waiting.etaAllHeld"));
        assertThat(browser.driver.getTitle()).isEqualTo(messages.text("title.waitingAllHeld"));
        WebElement live = browser.byTestIdPresent("announcer");
        browser.wait.until(ExpectedConditions.attributeToBe(live, "textContent",
                messages.format("waiting.announceAllHeld", Map.of("rank", "1"))));

        // It goes on checking, rarely: the server's hint (at least 5 s) after the entry.
        browser.wait.until(d -> ((Number) browser.script(POLLS)).longValue() >= 1);
        double gap = ((Number) browser.script("""
                const named = (end) => performance.getEntriesByType('resource').filter((e) => e.name.endsWith(end));
                return named('/queue/tokens/me')[0].startTime - named('/queue/tokens')[0].startTime;
                """)).doubleValue();
        assertThat(gap).as("ms from the entry to the first check while every seat is held").isGreaterThanOrEqualTo(4_900);
        assertThat(browser.byTestId("rank").getText()).isEqualTo("1");
        assertThat(browser.byTestId("waiting-message").getText()).isEqualTo(messages.text("waiting.allHeld"));
        browser.checkPage("waiting room, every seat held");
        browser.screenshot("all-held-" + messages.language() + "-phone.png");

        // The buyer pays: every seat is sold, and the line is over.
        sale.pay(1, reservation);
        sale.count();
        browser.wait.until(ExpectedConditions.textToBe(testId("waiting-message"), messages.text("waiting.soldOut")));
        assertThat(browser.byTestId("eta").getText()).isEqualTo(messages.text("waiting.etaSoldOut"));
        assertThat(browser.byTestId("rank").getText()).isEqualTo("–");
        assertThat(browser.driver.getTitle()).isEqualTo(messages.text("title.soldOut"));
        browser.wait.until(ExpectedConditions.attributeToBe(live, "textContent", messages.text("waiting.announceSoldOut")));
        assertThat(browser.pendingTimers()).as("timers left after sold out: no check is to come").isZero();
        long polls = ((Number) browser.script(POLLS)).longValue();
        assertThat(browser.byTestIdPresent("leave").isDisplayed()).isFalse();
        assertThat(browser.script("return sessionStorage.getItem('wr.token.' + arguments[0])", sale.concertId))
                .as("the pass is forgotten").isNull();
        WebElement home = browser.byTestId("waiting-home");
        assertThat(home.getText()).isEqualTo(messages.text("waiting.home"));
        browser.checkPage("waiting room, sold out");
        browser.screenshot("sold-out-" + messages.language() + "-phone.png");
        assertThat(((Number) browser.script(POLLS)).longValue()).as("no check since").isEqualTo(polls);

        browser.click("waiting-home");
        browser.wait.until(ExpectedConditions.textToBe(testId("enter-" + sale.concertId), messages.text("home.enter")));
    }

    @Test
    void enteringASoldOutConcertSaysItIsSoldOut() throws Exception {
        Messages ko = Messages.of("ko");
        Messages en = Messages.of("en");
        SmallSale sale = SmallSale.withDates(1, web, queue, boxOffice, callers, clock);
        sale.pay(1, sale.holdEverySeat(1, sale.dates.get(0)));
        sale.count();

        browser = Browser.open("ko-KR", Browser.Screen.PHONE);
        browser.countTimers();
        openFrontPageAs500();
        browser.click("enter-" + sale.concertId);
        browser.wait.until(ExpectedConditions.textToBe(testId("waiting-message"), ko.text("waiting.soldOutEntry")));
        assertThat(browser.byTestId("eta").getText()).isEqualTo(ko.text("waiting.etaSoldOut"));
        assertThat(browser.driver.getTitle()).isEqualTo(ko.text("title.soldOut"));
        assertThat(browser.byTestIdPresent("announcer").getAttribute("textContent")).isEqualTo(ko.text("waiting.announceSoldOut"));
        assertThat(browser.byTestIdPresent("queue-again").isDisplayed()).as("queueing again would be refused the same").isFalse();
        assertThat(browser.byTestId("waiting-home").getText()).isEqualTo(ko.text("waiting.home"));
        assertThat(browser.pendingTimers()).as("timers left after a sold-out entry").isZero();
        assertThat(((Number) browser.script("return performance.getEntriesByType('resource')"
                + ".filter((e) => e.name.endsWith('/queue/tokens')).length")).longValue()).as("entries sent").isEqualTo(1);
        browser.checkPage("waiting room, entry refused as sold out");

        browser.click("lang-en");
        browser.wait.until(ExpectedConditions.textToBe(testId("waiting-message"), en.text("waiting.soldOutEntry")));
        assertThat(browser.driver.getTitle()).isEqualTo(en.text("title.soldOut"));
    }

    private static int secondsOf(String clock) {
        Matcher m = COUNTDOWN.matcher(clock);
        return m.matches() ? Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2)) : Integer.MAX_VALUE;
    }

    private void openFrontPageAs500() {
        browser.driver.get("http://localhost:" + port + "/");
        browser.waitForTexts();
        WebElement userId = browser.byTestId("user-id");
        userId.clear();
        userId.sendKeys("500");
    }

    private void joinAs500() {
        openFrontPageAs500();
        browser.click("enter-1");
    }
}
