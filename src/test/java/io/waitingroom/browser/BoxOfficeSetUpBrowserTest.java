package io.waitingroom.browser;

import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.waitingroom.support.InBrowser;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.core.ParameterizedTypeReference;

import static io.waitingroom.browser.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's box office set-up (/operator#setup) on a phone, in Chromium: a wrong key is
 * refused; a concert is created (after the page's own check caught an unknown time zone), a date
 * of two sections is added with the layout editor (a repeated section name caught by the page, a
 * date the server finds past refused with its problem code and detail on the page), its seat
 * counts per section are shown, and the sale opening is set in the venue's time. The answers are
 * checked against the admin API, the new concert is in the live view's list, a reload keeps it
 * open, and the view passes the phone and axe checks in both languages.
 */
@InBrowser
class BoxOfficeSetUpBrowserTest extends TestBase {

    private Browser browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void anOperatorSetsUpAConcertWithADateOfTwoSectionsAndItsSaleOpening() throws Exception {
        Messages en = Messages.of("en");
        Messages ko = Messages.of("ko");
        int year = LocalDate.now().getYear() + 1;
        browser = Browser.open("en-US", Browser.Screen.PHONE);
        browser.driver.get("http://localhost:" + port + "/operator#setup");
        browser.waitForTexts();
        browser.wait.until(d -> en.text("setup.pageTitle").equals(d.getTitle()));
        assertThat(browser.byTestId("view-setup").getAttribute("aria-current")).isEqualTo("page");

        // A wrong key: refused in words, the set-up stays closed.
        type("setup-key", "not-the-key");
        browser.click("setup-open");
        browser.wait.until(ExpectedConditions.textToBe(testId("setup-error"), en.format("setup.keyRefused",
                Map.of("code", "ADMIN_KEY_REQUIRED", "reason", en.text("errors.ADMIN_KEY_REQUIRED")))));
        assertThat(browser.driver.findElements(testId("concert-title")).stream().noneMatch(WebElement::isDisplayed)).isTrue();

        type("setup-key", ADMIN_KEY);
        browser.click("setup-open");
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(testId("concert-title")));
        assertThat(browser.byTestIdPresent("setup-error").getText()).isEmpty();
        assertThat(browser.byTestId("concert-max-seats").getAttribute("value")).isEqualTo("4");
        check("set-up");

        // A new concert: an unknown time zone is caught by the page, then it is created and opened.
        type("concert-title", "Spring Gala");
        type("concert-venue", "Olympic Hall");
        type("concert-zone", "Mars/Olympus");
        browser.click("create-concert");
        browser.wait.until(d -> browser.byTestId("create-error").getText()
                .contains(en.format("setup.check.zone", Map.of("zone", "Mars/Olympus"))));
        assertThat(browser.byTestId("concert-zone").getAttribute("aria-invalid")).isEqualTo("true");
        type("concert-zone", "asia/seoul"); // sent as the zone list spells it
        browser.click("create-concert");
        browser.wait.until(ExpectedConditions.textToBe(testId("setup-concert-name"), "Spring Gala · Olympic Hall"));
        String concertId = browser.byTestId("setup-concert-id").getText();
        assertThat(browser.byTestId("create-result").getText())
                .isEqualTo(en.format("setup.created", Map.of("id", concertId, "title", "Spring Gala")));
        assertThat(browser.byTestId("setup-concert-zone").getText()).isEqualTo("Asia/Seoul");
        assertThat(browser.byTestId("setup-concert-max").getAttribute("data-value")).isEqualTo("4");
        assertThat(browser.script("return location.hash")).isEqualTo("#setup/" + concertId);
        assertThat(browser.byTestId("setup-concert-" + concertId).getAttribute("aria-current")).isEqualTo("true");
        assertThat(concert(concertId)).containsEntry("title", "Spring Gala").containsEntry("timeZone", "Asia/Seoul");

        // A date of two sections, by keyboard: "add a section" puts the focus in the new section.
        setDateTime("date-starts-at", year + "-03-01T19:00");
        type("section-1-name", "Floor A");
        type("section-1-grade", "VIP");
        type("section-1-price", "165000");
        type("section-1-rows", "20");
        type("section-1-seatsPerRow", "50");
        browser.byTestId("add-section").sendKeys(Keys.ENTER);
        browser.wait.until(d -> "section-2-name".equals(browser.script("return document.activeElement.dataset.testid")));
        browser.driver.switchTo().activeElement().sendKeys("Floor A"); // the same name twice: caught by the page
        type("section-2-grade", "R");
        type("section-2-price", "99000");
        type("section-2-rows", "10");
        type("section-2-seatsPerRow", "30");
        // A third section, and away again from the keyboard: the focus goes back to the section before it.
        browser.byTestId("add-section").sendKeys(Keys.ENTER);
        browser.wait.until(d -> "section-3-name".equals(browser.script("return document.activeElement.dataset.testid")));
        browser.driver.switchTo().activeElement().sendKeys("Standing");
        browser.byTestId("remove-section-3").sendKeys(Keys.ENTER);
        browser.wait.until(d -> "section-2-name".equals(browser.script("return document.activeElement.dataset.testid")));
        assertThat(browser.driver.findElements(testId("section-3"))).isEmpty();
        assertThat(browser.byTestId("seat-total").getText()).isEqualTo(en.format("setup.total",
                Map.of("n", "1,300", "sections", "2", "max", "100,000")));
        assertThat(browser.byTestId("section-1-seats").getText()).isEqualTo(en.format("setup.seatsOf", Map.of("n", "1,000")));
        browser.click("add-date");
        String taken = en.format("setup.check.nameTaken", Map.of("n", "2", "name", "Floor A", "other", "1"));
        browser.wait.until(d -> browser.byTestId("date-error").getText().contains(taken));
        assertThat(browser.byTestId("section-2-name").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.byTestId("section-2").getText()).contains(taken);
        check("set-up, a layout with a mistake");
        type("section-2-name", "Balcony");

        // The server's clock is past the date: its 400 problem is shown with its code and its own detail.
        clock.advance(Duration.ofDays(3 * 365));
        browser.click("add-date");
        browser.wait.until(ExpectedConditions.textToBe(testId("date-error"), en.format("setup.dateNotAdded",
                Map.of("code", "INVALID_REQUEST", "reason", en.text("errors.INVALID_REQUEST")))));
        assertThat(browser.byTestId("date-detail").getText()).startsWith(en.text("setup.serverSaid"))
                .hasSizeGreaterThan(en.text("setup.serverSaid").length() + 3);
        clock.reset();

        browser.click("add-date");
        browser.wait.until(d -> browser.byTestIdPresent("date-result").getText().startsWith(en.prefix("setup.dateAdded")));
        Map<String, Object> date = onlySchedule(concertId);
        String scheduleId = String.valueOf(date.get("scheduleId"));
        assertThat(date).containsEntry("startsAt", year + "-03-01T10:00:00Z").containsEntry("seats", 1300);
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(testId("schedule-" + scheduleId)));
        assertThat(browser.byTestId("schedule-" + scheduleId + "-local").getText()).isEqualTo(date.get("localStartsAt"));
        assertThat(counts("schedule-" + scheduleId)).containsExactly("1300", "1300", "0", "0");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sections = (List<Map<String, Object>>) date.get("sections");
        assertThat(sections).extracting(s -> s.get("name")).containsExactly("Floor A", "Balcony");
        assertThat(counts("section-" + sections.get(0).get("sectionId"))).containsExactly("1000", "1000", "0", "0");
        assertThat(counts("section-" + sections.get(1).get("sectionId"))).containsExactly("300", "300", "0", "0");
        assertThat(browser.byTestId("section-counts-" + sections.get(1).get("sectionId")).getText())
                .contains("Balcony", "R", en.format("common.points", Map.of("n", "99,000")));
        assertThat(browser.byTestId("section-1-name").getAttribute("value")).as("the editor is empty again").isEmpty();
        check("set-up, a date and its seats");
        checkInDarkMode("set-up, a date and its seats, dark");

        // The sale opening, in the venue's time (Seoul, UTC+9).
        setDateTime("sale-opening-input", year + "-02-01T10:00");
        browser.click("set-sale-opening");
        browser.wait.until(d -> browser.byTestIdPresent("sale-result").getText().startsWith(en.prefix("setup.saleSet")));
        assertThat(settings(concertId)).containsEntry("saleOpensAt", year + "-02-01T01:00:00Z");
        assertThat(browser.script("return document.activeElement.dataset.testid")).as("the focus stays on the button")
                .isEqualTo("set-sale-opening");
        assertThat(browser.byTestId("sale-opening").getText()).startsWith(en.prefix("setup.saleOpens")).endsWith("(Asia/Seoul).");
        assertThat(browser.byTestId("sale-opening-input").getAttribute("value")).isEqualTo(year + "-02-01T10:00");

        // A reload keeps the concert open with the tab's key; Korean at a click.
        browser.driver.navigate().refresh();
        browser.wait.until(ExpectedConditions.textToBe(testId("setup-concert-name"), "Spring Gala · Olympic Hall"));
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(testId("schedule-" + scheduleId)));
        assertThat(browser.byTestId("sale-opening-input").getAttribute("value")).isEqualTo(year + "-02-01T10:00");
        browser.click("lang-ko");
        browser.wait.until(d -> "ko".equals(browser.htmlLang()));
        assertThat(browser.byTestId("add-date").getText()).isEqualTo(ko.text("setup.addDate"));
        assertThat(browser.driver.getTitle()).isEqualTo(ko.text("setup.pageTitle"));
        assertThat(browser.byTestId("sale-opening").getText()).startsWith(ko.prefix("setup.saleOpens")).endsWith("에 시작합니다.");
        check("set-up, in korean");

        // The live view's list has the new concert.
        browser.click("view-live");
        Select concerts = new Select(browser.byTestId("concert-select"));
        browser.wait.until(d -> concerts.getOptions().stream().anyMatch(o -> concertId.equals(o.getAttribute("value"))));
        assertThat(browser.byTestId("view-live").getAttribute("aria-current")).isEqualTo("page");
    }

    private void type(String testId, String value) {
        WebElement input = browser.byTestId(testId);
        input.clear();
        input.sendKeys(value);
    }

    /** A datetime-local field, set as a browser's picker sets it (typing into its parts depends on the locale). */
    private void setDateTime(String testId, String value) {
        WebElement input = browser.byTestId(testId);
        browser.script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', { bubbles: true }))", input, value);
    }

    /** The seats, free, held and sold numbers shown for a date or a section. */
    private List<String> counts(String prefix) {
        return List.of("seats", "available", "held", "reserved").stream()
                .map(field -> browser.byTestId(prefix + "-" + field).getAttribute("data-value"))
                .toList();
    }

    /** The page's checks, and a picture of the whole page for people to look at (target/browser/phone-{lang}-{page}.png). */
    private void check(String page) throws Exception {
        Map<String, Object> shot = browser.driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true));
        Files.write(Browser.SCREENSHOTS.resolve("phone-" + browser.language + "-" + page.replaceAll("[^a-z]+", "-") + ".png"),
                Base64.getDecoder().decode((String) shot.get("data")));
        browser.checkPage(page);
    }

    /** The same checks with the phone in dark mode (the console follows prefers-color-scheme). */
    private void checkInDarkMode(String page) throws Exception {
        browser.driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            check(page);
        } finally {
            browser.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }

    private Map<String, Object> concert(String concertId) {
        return web.get().uri("/admin/concerts/" + concertId).header("X-Admin-Key", ADMIN_KEY)
                .exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                })
                .returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> onlySchedule(String concertId) {
        List<Map<String, Object>> schedules = (List<Map<String, Object>>) concert(concertId).get("schedules");
        assertThat(schedules).hasSize(1);
        return schedules.get(0);
    }

    private Map<String, Object> settings(String concertId) {
        return web.get().uri("/admin/queues/" + concertId + "/settings").header("X-Admin-Key", ADMIN_KEY)
                .exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                })
                .returnResult().getResponseBody();
    }
}
