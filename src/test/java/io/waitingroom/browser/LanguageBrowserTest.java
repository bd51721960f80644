package io.waitingroom.browser;

import java.util.Map;

import io.waitingroom.support.InBrowser;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import static io.waitingroom.browser.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages speak the browser's language (Korean or English, English for any other), with dates
 * (in the venue's time: the demo's dates are at 7 PM in Seoul) and numbers formatted by Intl in that language, problem codes in words of that language, and a
 * visible switch that changes everything at once and is remembered.
 */
@InBrowser
class LanguageBrowserTest extends TestBase {

    private Browser browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @ParameterizedTest(name = "a {0} browser sees the pages in {1}")
    @CsvSource(delimiter = ';', value = {
            "ko-KR ; ko ; \\d{4}년 \\d{1,2}월 \\d{1,2}일 \\(.\\) 오후 7:00(?: GMT[+-]\\d{1,2}(?::\\d{2})?)?",
            "en-US ; en ; [A-Z][a-z]{2}, [A-Z][a-z]{2} \\d{1,2}, \\d{4}, 7:00[\\s\\u202f]PM(?: GMT[+-]\\d{1,2}(?::\\d{2})?)?",
            "ja-JP ; en ; [A-Z][a-z]{2}, [A-Z][a-z]{2} \\d{1,2}, \\d{4}, 7:00[\\s\\u202f]PM(?: GMT[+-]\\d{1,2}(?::\\d{2})?)?",
    })
    void theBrowsersLanguageChoosesThePagesLanguage(String browserLanguage, String shown, String datePattern) throws Exception {
        Messages messages = Messages.of(shown);
        browser = Browser.open(browserLanguage, Browser.Screen.PHONE);
        queue.tick(1); // the rate behind ETAs starts from the configured one
        for (long ahead = 1; ahead <= 3; ahead++) {
            queue.enter(ahead, 1);
        }

        openFrontPage();
        assertThat(browser.htmlLang()).isEqualTo(shown);
        assertThat(heading()).isEqualTo(messages.text("home.heading"));
        assertThat(browser.byTestId("user-id").getAttribute("placeholder")).isEqualTo(messages.text("home.userIdPlaceholder"));
        assertThat(browser.byTestId("lang-" + shown).getAttribute("aria-pressed")).isEqualTo("true");
        assertThat(browser.byTestId("enter-1").getText()).isEqualTo(messages.text("home.enter"));

        typeUserId("500");
        browser.click("enter-1");
        browser.wait.until(ExpectedConditions.textToBe(testId("rank"), "4"));
        assertThat(heading()).isEqualTo(messages.text("waiting.heading"));
        assertThat(browser.byTestId("eta").getText()).isEqualTo(messages.text("waiting.etaUnderMinute"));
        assertThat(browser.byTestId("waiting-message").getText()).isEqualTo(messages.text("waiting.joined"));
        browser.wait.until(ExpectedConditions.attributeToBe(testId("announcer"), "textContent",
                messages.format("waiting.announce", Map.of("rank", "4", "eta", messages.text("waiting.etaUnderMinute")))));
        assertThat(browser.driver.getTitle()).isEqualTo(messages.format("title.waitingRank", Map.of("rank", "4")));

        queue.tick(1);
        WebElement date = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(testId("schedule-101")));
        assertThat(heading()).isEqualTo(messages.text("booking.heading"));
        assertThat(date.findElement(By.className("when")).getText()).matches(datePattern);
        assertThat(date.findElement(By.className("free")).getText())
                .isEqualTo(messages.format("booking.seatsFree", Map.of("n", "50")));

        DemoSeat twelve = DemoSeat.of(db, 101, 12);
        browser.click("schedule-101");
        browser.click(twelve.section());
        WebElement seat = browser.byTestId(twelve.seat());
        String price = messages.format("common.points", Map.of("n", "110,000"));
        assertThat(seat.getAttribute("aria-label")).isEqualTo(messages.format("booking.seatName",
                Map.of("label", "S 1-2", "price", price, "status", messages.text("booking.seatStatus.AVAILABLE"))));

        // A problem response's code, in words of the language shown: a reservation that does not exist.
        browser.driver.get("http://localhost:" + port + "/#/checkout/99999");
        browser.wait.until(ExpectedConditions.textToBe(testId("checkout-message"), messages.text("errors.RESERVATION_NOT_FOUND")));
        assertThat(browser.htmlLang()).isEqualTo(shown);
    }

    @Test
    void theSwitchChangesEveryTextAtOnceAndIsRemembered() throws Exception {
        Messages ko = Messages.of("ko");
        Messages en = Messages.of("en");
        browser = Browser.open("ko-KR", Browser.Screen.PHONE);
        queue.tick(1);
        for (long ahead = 1; ahead <= 3; ahead++) {
            queue.enter(ahead, 1);
        }
        openFrontPage();
        typeUserId("500");
        browser.click("enter-1");
        browser.wait.until(ExpectedConditions.textToBe(testId("rank"), "4"));
        assertThat(browser.byTestId("eta").getText()).isEqualTo(ko.text("waiting.etaUnderMinute"));

        browser.click("lang-en");
        browser.wait.until(d -> "en".equals(browser.htmlLang()));
        // texts the page set itself (the ETA, the status line, the title) change without a new poll
        assertThat(heading()).isEqualTo(en.text("waiting.heading"));
        assertThat(browser.byTestId("eta").getText()).isEqualTo(en.text("waiting.etaUnderMinute"));
        assertThat(browser.byTestId("waiting-message").getText()).isEqualTo(en.text("waiting.joined"));
        assertThat(browser.driver.getTitle()).isEqualTo(en.format("title.waitingRank", Map.of("rank", "4")));
        assertThat(browser.byTestId("lang-en").getAttribute("aria-pressed")).isEqualTo("true");
        assertThat(browser.byTestId("lang-ko").getAttribute("aria-pressed")).isEqualTo("false");

        browser.driver.navigate().refresh();
        browser.wait.until(ExpectedConditions.textToBe(testId("rank"), "4"));
        assertThat(browser.htmlLang()).as("the choice outlives a reload in a ko-KR browser").isEqualTo("en");
        assertThat(heading()).isEqualTo(en.text("waiting.heading"));

        browser.click("lang-ko");
        browser.wait.until(d -> "ko".equals(browser.htmlLang()));
        assertThat(heading()).isEqualTo(ko.text("waiting.heading"));
        assertThat(browser.byTestId("eta").getText()).isEqualTo(ko.text("waiting.etaUnderMinute"));
        assertThat(browser.script("return localStorage.getItem('wr.lang')")).isEqualTo("ko");
    }

    private void openFrontPage() {
        browser.driver.get("http://localhost:" + port + "/");
        browser.waitForTexts();
    }

    private void typeUserId(String id) {
        WebElement userId = browser.byTestId("user-id");
        userId.clear();
        userId.sendKeys(id);
    }

    private String heading() {
        return browser.driver.findElement(By.cssSelector("[data-view]:not([hidden]) h1")).getText();
    }
}
