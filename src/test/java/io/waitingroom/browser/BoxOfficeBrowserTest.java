package io.waitingroom.browser;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.waitingroom.support.BoxOfficeCalls;
import io.waitingroom.support.InBrowser;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.core.ParameterizedTypeReference;

import static io.waitingroom.browser.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The box office in a real headless Chromium on a phone: a concert set up by an operator (a venue
 * in Seoul, two sections, at most four seats a person), then a buyer who queues, picks a date shown
 * in the venue's time, opens a section, picks two seats, holds them, pays for both and finds them
 * under My reservations; and a buyer who loses a seat to someone else, sees it marked taken, and
 * asks for the best seats instead. Every step passes the phone checks (axe-core included).
 * Screenshots land in target/browser/box-office-*.png.
 */
@InBrowser
class BoxOfficeBrowserTest extends TestBase {

    private static final String VENUE_ZONE = "Asia/Seoul";
    private static final Pattern CHECKOUT = Pattern.compile("#/checkout/(\\d+)");
    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
    };

    private Browser browser;
    private Messages messages;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ko-KR", "en-US"})
    void aBuyerHoldsTwoSeatsOfASectionPaysForBothAndFindsThemInMyReservations(String language) throws Exception {
        Venue venue = setUpConcert();
        open(language);
        queueAndGetIn(venue, 500);

        WebElement date = browser.byTestId("schedule-" + venue.scheduleId);
        assertThat(date.findElement(By.className("when")).getText())
                .as("the date in the venue's time (19:00 in Seoul), whatever the device's zone")
                .contains(shown().equals("ko") ? "오후 7:00" : "7:00 PM");
        browser.click("schedule-" + venue.scheduleId);

        browser.wait.until(ExpectedConditions.textToBe(testId("section-" + venue.floorId + "-free"),
                messages.format("booking.sectionFree", Map.of("n", "24", "total", "24"))));
        assertThat(browser.byTestId("section-" + venue.floorId).getText()).contains("Floor A", "VIP");
        check("sections");
        browser.click("section-" + venue.floorId);

        WebElement first = seat("Floor A 1-4");
        assertThat(first.getAttribute("aria-pressed")).isEqualTo("false");
        assertThat(first.getAttribute("aria-label")).isEqualTo(messages.format("booking.seatName",
                Map.of("label", "Floor A 1-4", "price", price(165_000), "status", messages.text("booking.seatStatus.AVAILABLE"))));
        clickSeat("Floor A 1-4");
        clickSeat("Floor A 1-5");
        assertThat(seat("Floor A 1-5").getAttribute("aria-pressed")).isEqualTo("true");
        assertThat(seat("Floor A 1-5").getAttribute("aria-label")).endsWith(messages.text("booking.seatStatus.PICKED"));
        assertThat(browser.byTestId("picked").getText()).isEqualTo(messages.format("booking.picked",
                Map.of("n", "2", "labels", "Floor A 1-4, Floor A 1-5", "price", price(330_000))));
        check("seats picked");

        // From a keyboard the map is one tab stop, and the arrow keys go from seat to seat.
        assertThat(browser.driver.findElements(By.cssSelector("button.seat[tabindex='0']"))).hasSize(1);
        browser.driver.switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
        assertThat(browser.driver.switchTo().activeElement().getAttribute("data-label")).isEqualTo("Floor A 1-6");
        browser.driver.switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
        assertThat(browser.driver.switchTo().activeElement().getAttribute("data-label")).isEqualTo("Floor A 2-6");
        assertThat(browser.driver.switchTo().activeElement().getAttribute("tabindex")).isEqualTo("0");

        browser.click("hold");
        browser.wait.until(ExpectedConditions.attributeToBe(testId("reservation-status"), "data-status", "HELD"));
        long reservationId = reservationInAddress();
        assertThat(browser.byTestId("checkout-seats").getText()).isEqualTo("Floor A 1-4, Floor A 1-5");
        browser.wait.until(ExpectedConditions.attributeToBe(testId("balance"), "data-value", "0"));
        WebElement amount = browser.byTestId("charge-amount");
        amount.clear();
        amount.sendKeys("400000");
        browser.click("charge");
        browser.wait.until(ExpectedConditions.attributeToBe(testId("balance"), "data-value", "400000"));
        browser.click("pay");
        browser.wait.until(ExpectedConditions.attributeToBe(testId("reservation-status"), "data-status", "PAID"));
        browser.wait.until(ExpectedConditions.attributeToBe(testId("balance"), "data-value", "70000"));
        check("paid");

        browser.click("nav-reservations");
        WebElement status = browser.byTestId("reservation-" + reservationId + "-status");
        assertThat(status.getText()).isEqualTo(messages.text("checkout.statusName.PAID"));
        assertThat(browser.byTestId("reservation-" + reservationId + "-seats").getText()).isEqualTo("Floor A 1-4, Floor A 1-5");
        assertThat(browser.byTestId("reservation-" + reservationId).getText()).contains(price(330_000));
        check("my reservations");

        Map<String, Object> mine = myReservations(500).get(0);
        assertThat(mine.get("status")).isEqualTo("PAID");
        assertThat(((Number) mine.get("price")).longValue()).isEqualTo(330_000);

        // Two months ahead, well before the default 24 hours: the buyer cancels and gets the points back.
        assertThat(browser.byTestId("reservation-" + reservationId + "-cancel-until").getText()).isNotBlank();
        assertThat(browser.byTestId("reservation-" + reservationId + "-cancel").getText()).isEqualTo(messages.text("reservations.cancelPaid"));
        browser.click("reservation-" + reservationId + "-cancel");
        browser.wait.until(ExpectedConditions.textToBe(testId("reservations-message"), messages.format("reservations.refundedTo",
                Map.of("id", String.valueOf(reservationId), "refund", price(330_000)))));
        status = browser.byTestId("reservation-" + reservationId + "-status");
        assertThat(status.getText()).isEqualTo(messages.text("checkout.statusName.CANCELLED"));
        assertThat(browser.byTestId("reservation-" + reservationId + "-refunded").getText()).isEqualTo(price(330_000));
        assertThat(browser.driver.findElements(By.cssSelector("[data-testid='reservation-" + reservationId + "-cancel']"))).isEmpty();
        check("my reservations, cancelled");
        assertThat(myReservations(500).get(0).get("status")).isEqualTo("CANCELLED");
        assertThat(records.balanceOf(500)).isEqualTo(400_000);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en-US"})
    void aBuyerWhoLosesASeatSeesItTakenAndGetsTheBestAvailableInstead(String language) throws Exception {
        Venue venue = setUpConcert();
        open(language);
        queueAndGetIn(venue, 600);
        browser.click("schedule-" + venue.scheduleId);
        browser.click("section-" + venue.balconyId);
        clickSeat("Balcony 1-3");
        clickSeat("Balcony 1-4");

        // Someone else is quicker with one of them.
        long taken = Long.parseLong(seat("Balcony 1-4").getAttribute("data-seat-id"));
        String rival = queue.activeToken(601, venue.concertId);
        boxOffice.holdSeats(rival, venue.scheduleId, List.of(taken)).expectStatus().isCreated();

        browser.click("hold");
        browser.wait.until(ExpectedConditions.textToBe(testId("booking-message"),
                messages.format("booking.seatsTaken", 1, Map.of("n", "1", "labels", "Balcony 1-4"))));
        browser.wait.until(d -> !seat("Balcony 1-4").isEnabled());
        assertThat(seat("Balcony 1-4").getAttribute("aria-label")).endsWith(messages.text("booking.seatStatus.HELD"));
        assertThat(seat("Balcony 1-3").getAttribute("aria-pressed")).as("the seat still free stays picked").isEqualTo("true");
        check("a seat taken");

        // The best two: side by side in the front row, which still has them.
        new Select(browser.byTestId("best-count")).selectByValue("2");
        assertThat(browser.byTestId("best-available").getText()).isEqualTo(messages.format("booking.bestButton", Map.of("n", "2")));
        browser.click("best-available");
        browser.wait.until(ExpectedConditions.attributeToBe(testId("reservation-status"), "data-status", "HELD"));
        long reservationId = reservationInAddress();
        String labels = browser.byTestId("checkout-seats").getText();
        assertThat(labels).matches("Balcony 1-\\d, Balcony 1-\\d").doesNotContain("1-4,").doesNotEndWith("1-4");
        check("best available held");

        browser.click("checkout-mine");
        WebElement status = browser.byTestId("reservation-" + reservationId + "-status");
        assertThat(status.getText()).isEqualTo(messages.text("checkout.statusName.HELD"));
        assertThat(browser.byTestId("reservation-" + reservationId + "-seats").getText()).isEqualTo(labels);
        assertThat(browser.byTestId("reservation-" + reservationId + "-open").getText()).isEqualTo(messages.text("reservations.pay"));
        check("my reservations, held");

        assertThat(myReservations(600)).singleElement().satisfies(r -> {
            assertThat(r.get("status")).isEqualTo("HELD");
            assertThat(((Number) r.get("price")).longValue()).isEqualTo(2 * 99_000);
        });

        // The buyer changes their mind: the hold is given up at once.
        assertThat(browser.byTestId("reservation-" + reservationId + "-cancel").getText()).isEqualTo(messages.text("reservations.cancelHold"));
        browser.click("reservation-" + reservationId + "-cancel");
        browser.wait.until(ExpectedConditions.textToBe(testId("reservations-message"),
                messages.format("reservations.released", Map.of("id", String.valueOf(reservationId)))));
        assertThat(browser.byTestId("reservation-" + reservationId + "-status").getText())
                .isEqualTo(messages.text("checkout.statusName.CANCELLED"));
        assertThat(browser.byTestId("reservation-" + reservationId + "-refunded").getText()).isEqualTo(price(0));
        check("my reservations, hold cancelled");
        assertThat(myReservations(600).get(0).get("status")).isEqualTo("CANCELLED");
        assertThat(records.countRows("SELECT COUNT(*) FROM seat WHERE schedule_id = " + venue.scheduleId + " AND status = 'HELD'"))
                .as("only the rival's seat").isEqualTo(1);
    }

    // ---- the operator's set-up, over the box office API ----

    private record Venue(long concertId, long scheduleId, long floorId, long balconyId) {
    }

    /** A concert in Seoul on a date two months ahead at 19:00 there: Floor A (VIP, 3 x 8) and Balcony (R, 2 x 6). */
    private Venue setUpConcert() {
        Map<String, Object> concert = boxOffice.postConcert(Map.of("title", "Box Office Live", "venue", "Olympic Hall, Seoul",
                        "timeZone", VENUE_ZONE, "maxSeatsPerUser", 4))
                .expectStatus().isCreated()
                .expectBody(BoxOfficeCalls.JSON).returnResult().getResponseBody();
        long concertId = BoxOfficeCalls.number(concert.get("concertId"));
        ZonedDateTime startsAt = ZonedDateTime.of(LocalDate.now(ZoneId.of(VENUE_ZONE)).plusMonths(2), LocalTime.of(19, 0),
                ZoneId.of(VENUE_ZONE));
        Map<String, Object> schedule = boxOffice.postSchedule(concertId, Map.of("startsAt", startsAt.toOffsetDateTime().toString(),
                        "sections", List.of(BoxOfficeCalls.section("Floor A", "VIP", 165_000, 3, 8),
                                BoxOfficeCalls.section("Balcony", "R", 99_000, 2, 6))))
                .expectStatus().isCreated()
                .expectBody(BoxOfficeCalls.JSON).returnResult().getResponseBody();
        return new Venue(concertId, BoxOfficeCalls.number(schedule.get("scheduleId")),
                BoxOfficeCalls.sectionId(schedule, 0), BoxOfficeCalls.sectionId(schedule, 1));
    }

    private List<Map<String, Object>> myReservations(long userId) {
        return web.get().uri("/api/v1/reservations")
                .headers(headers -> callers.identify(headers, userId))
                .exchange()
                .expectStatus().isOk()
                .expectBody(LIST).returnResult().getResponseBody();
    }

    // ---- the buyer's steps ----

    private void open(String language) {
        messages = Messages.of(language.substring(0, 2));
        try {
            browser = Browser.open(language, Browser.Screen.PHONE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String shown() {
        return messages.language();
    }

    /** The front page, the user id, the waiting room, and in: the booking page shows the dates. */
    private void queueAndGetIn(Venue venue, long userId) {
        browser.driver.get("http://localhost:" + port + "/");
        browser.waitForTexts();
        WebElement id = browser.byTestId("user-id");
        id.clear();
        id.sendKeys(Long.toString(userId));
        browser.click("enter-" + venue.concertId);
        // The card shows before the entry is answered; tick only once the line has this person in it.
        browser.wait.until(ExpectedConditions.textMatches(testId("rank"), Pattern.compile("\\d+")));
        queue.tick(venue.concertId);
        browser.wait.until(ExpectedConditions.elementToBeClickable(testId("schedule-" + venue.scheduleId)));
    }

    private WebElement seat(String label) {
        return browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button.seat[data-label='" + label + "']")));
    }

    private void clickSeat(String label) {
        WebElement seat = browser.wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("button.seat[data-label='" + label + "']")));
        browser.script("arguments[0].scrollIntoView({block: 'center', inline: 'center'})", seat);
        seat.click();
        browser.wait.until(d -> "true".equals(seat(label).getAttribute("aria-pressed")));
    }

    private long reservationInAddress() {
        Matcher m = CHECKOUT.matcher(browser.driver.getCurrentUrl());
        assertThat(m.find()).as("the checkout's address names the reservation: %s", browser.driver.getCurrentUrl()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private String price(long points) {
        return messages.format("common.points", Map.of("n", String.format(Locale.ROOT, "%,d", points)));
    }

    /** The phone checks of the page as it is now, and a screenshot of it. */
    private void check(String page) throws Exception {
        browser.screenshot("box-office-" + browser.language + "-" + page.replaceAll("[^a-z]+", "-") + ".png");
        browser.checkPage(page);
    }
}
