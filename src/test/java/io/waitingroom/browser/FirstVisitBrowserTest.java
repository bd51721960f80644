package io.waitingroom.browser;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import io.waitingroom.WaitingRoomApplication;
import io.waitingroom.support.InBrowser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A person's first visit to an instance that has just started, five times over: the page loads
 * and lists the concerts, the person types an id and clicks "enter", and around that click an
 * operator pauses the line and then lets it move fast, while the first ticks and the first
 * catalogue read happen. This is the visit whose "enter" used to stall forever on a kept-alive
 * connection; every wait here has a deadline, so a stall fails the test.
 */
@InBrowser
class FirstVisitBrowserTest {

    private static final int FRESH_INSTANCES = 5;
    private static final Duration ADMITTED_WITHIN = Duration.ofSeconds(20);
    private static final String ADMIN_KEY = "first-visit-admin";

    @Test
    void theFirstVisitToAFreshlyStartedInstanceGetsInEveryTime() throws Exception {
        for (int visit = 1; visit <= FRESH_INSTANCES; visit++) {
            try (ConfigurableApplicationContext instance = start()) {
                String base = "http://localhost:" + instance.getEnvironment().getProperty("local.server.port");
                instance.getBean(ReactiveStringRedisTemplate.class)
                        .execute(connection -> connection.serverCommands().flushDb()).blockLast(Duration.ofSeconds(10));
                visit(base, 700 + visit);
            }
        }
    }

    private static ConfigurableApplicationContext start() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return new SpringApplicationBuilder(WaitingRoomApplication.class).run(
                "--server.port=" + port,
                "--waiting-room.token-secret=first-visit-browser-test-secret-32b",
                "--waiting-room.admin-key=" + ADMIN_KEY);
    }

    private static void visit(String base, long userId) throws Exception {
        WebClient operator = WebClient.create(base);
        ChromeDriver browser = BrowserSupport.chromium(Files.createTempDirectory("wr-first-visit"), "--window-size=400,900");
        try {
            WebDriverWait wait = new WebDriverWait(browser, ADMITTED_WITHIN);
            settings(operator, Map.of("paused", true));
            browser.get(base + "/");
            WebElement userField = wait.until(ExpectedConditions.visibilityOfElementLocated(testId("user-id")));
            userField.clear();
            userField.sendKeys(Long.toString(userId));
            wait.until(ExpectedConditions.elementToBeClickable(testId("enter-1"))).click();
            Thread.sleep(40);
            settings(operator, Map.of("paused", false, "tickMillis", 200));

            wait.until(ExpectedConditions.elementToBeClickable(testId("schedule-101")));
        } finally {
            browser.quit();
        }
    }

    private static void settings(WebClient operator, Map<String, Object> change) {
        operator.put().uri("/admin/queues/1/settings").header("X-Admin-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(change)
                .retrieve().toBodilessEntity().block(Duration.ofSeconds(10));
    }

    private static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }
}
