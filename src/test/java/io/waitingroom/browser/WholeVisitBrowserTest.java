package io.waitingroom.browser;

import java.util.Map;

import io.waitingroom.support.InBrowser;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import static io.waitingroom.browser.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's whole visit in a real headless Chromium (Debian's chromium and chromium-driver):
 * enter while the queue is paused, watch rank, ETA and progress, get admitted, pick a date, a
 * section and a seat, hold it, charge points, pay, see PAID. Screenshots land in target/browser/.
 */
@InBrowser
class WholeVisitBrowserTest extends TestBase {

    private Browser browser;

    @BeforeEach
    void openBrowser() throws Exception {
        browser = Browser.open("en-US", Browser.Screen.WINDOW);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aPersonGoesFromTheFrontPageToAPaidSeat() throws Exception {
        queue.putSettings(1, Map.of("paused", true, "admitPerTick", 100));
        for (long ahead = 1; ahead <= 3; ahead++) {
            queue.enter(ahead, 1);
        }

        browser.driver.get("http://localhost:" + port + "/");
        WebElement userId = browser.byTestId("user-id");
        userId.clear();
        userId.sendKeys("500");
        browser.click("enter-1");

        browser.wait.until(ExpectedConditions.textToBe(testId("rank"), "4"));
        assertThat(browser.byTestId("eta").getText()).isNotBlank().isNotEqualTo("–");
        WebElement progress = browser.byTestId("progress");
        assertThat(progress.getAttribute("role")).isEqualTo("progressbar");
        assertThat(progress.getAttribute("aria-valuemax")).isEqualTo("100");
        browser.screenshot("waiting.png");

        queue.putSettings(1, Map.of("paused", false));
        queue.tick(1);

        DemoSeat twelve = DemoSeat.of(db, 101, 12);
        browser.click("schedule-101");
        browser.click(twelve.section());
        browser.click(twelve.seat());
        browser.click("hold");

        browser.wait.until(ExpectedConditions.attributeToBe(testId("reservation-status"), "data-status", "HELD"));
        browser.wait.until(ExpectedConditions.attributeToBe(testId("balance"), "data-value", "0"));
        WebElement amount = browser.byTestId("charge-amount");
        amount.clear();
        amount.sendKeys("200000");
        browser.click("charge");
        browser.wait.until(ExpectedConditions.attributeToBe(testId("balance"), "data-value", "200000"));
        assertThat(browser.byTestId("balance").getText()).isEqualTo("200,000 points");

        browser.click("pay");
        browser.wait.until(ExpectedConditions.attributeToBe(testId("reservation-status"), "data-status", "PAID"));
        browser.wait.until(ExpectedConditions.attributeToBe(testId("balance"), "data-value", "90000"));
        assertThat(browser.byTestId("reservation-status").getText()).isEqualTo(Messages.of("en").text("checkout.statusName.PAID"));
        browser.screenshot("paid.png");

        assertThat(records.seatStatus(101, 12)).isEqualTo("RESERVED");
        assertThat(records.balanceOf(500)).isEqualTo(90_000);
        records.assertLedgerMatchesBalance(500);
    }
}
