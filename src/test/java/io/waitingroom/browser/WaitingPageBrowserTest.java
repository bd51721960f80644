package io.waitingroom.browser;

import java.util.List;
import java.util.Map;

import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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
 * and values, and when checks fail the last known place stays on screen with "Checking…".
 */
class WaitingPageBrowserTest extends TestBase {

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
        tick(1);
        putSettings(1, Map.of("paused", true, "admitPerTick", 2));
        for (long ahead = 1; ahead <= 3; ahead++) {
            enter(ahead, 1);
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
        putSettings(1, Map.of("paused", false));
        tick(1);
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
        tick(1);
        putSettings(1, Map.of("paused", true));
        for (long ahead = 1; ahead <= 3; ahead++) {
            enter(ahead, 1);
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

    // TODO(lead, once the server sends paused/preQueue/saleOpensAt):
    //  - paused: eta shows waiting.etaPaused, waiting-message is waiting.paused, title.waitingPaused, the announcer says
    //    waiting.announcePaused once (not at every poll), and polls come no sooner than pollAfterMillis (>= 5 s);
    //  - preQueue: the queue card shows sale-countdown counting down and sale-opens-at, rank/ahead/eta rows hidden,
    //    waiting-message is waiting.joinedPre, the announcer says waiting.announcePre; when a poll says preQueue false
    //    the rank, ETA and progress replace the countdown.

    private void joinAs500() {
        browser.driver.get("http://localhost:" + port + "/");
        browser.waitForTexts();
        WebElement userId = browser.byTestId("user-id");
        userId.clear();
        userId.sendKeys("500");
        browser.click("enter-1");
    }
}
