package io.waitingroom.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's whole visit in a real headless Chromium (Debian's chromium and chromium-driver):
 * enter while the queue is paused, watch rank, ETA and progress, get admitted, pick a date and a
 * seat, hold it, charge points, pay, see PAID. Screenshots land in target/browser/.
 */
class WholeVisitBrowserTest extends TestBase {

    private static final Path SCREENSHOTS = Path.of("target", "browser");

    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void openBrowser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("browser.binary", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=400,900",
                "--user-data-dir=" + Files.createTempDirectory("wr-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("browser.driver", "/usr/bin/chromedriver")).toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aPersonGoesFromTheFrontPageToAPaidSeat() throws Exception {
        putSettings(1, Map.of("paused", true, "admitPerTick", 100));
        for (long ahead = 1; ahead <= 3; ahead++) {
            enter(ahead, 1);
        }

        browser.get("http://localhost:" + port + "/");
        WebElement userId = byTestId("user-id");
        userId.clear();
        userId.sendKeys("500");
        click("enter-1");

        wait.until(ExpectedConditions.textToBe(testId("rank"), "4"));
        assertThat(byTestId("eta").getText()).isNotBlank().isNotEqualTo("–");
        WebElement progress = byTestId("progress");
        assertThat(progress.getTagName()).isEqualTo("progress");
        assertThat(progress.getAttribute("max")).isEqualTo("100");
        screenshot("waiting.png");

        putSettings(1, Map.of("paused", false));
        tick(1);

        wait.until(ExpectedConditions.elementToBeClickable(testId("schedule-101")));
        click("schedule-101");
        wait.until(ExpectedConditions.elementToBeClickable(testId("seat-12")));
        click("seat-12");
        click("hold");

        wait.until(ExpectedConditions.textToBe(testId("reservation-status"), "HELD"));
        wait.until(ExpectedConditions.textToBe(testId("balance"), "0"));
        WebElement amount = byTestId("charge-amount");
        amount.clear();
        amount.sendKeys("200000");
        click("charge");
        wait.until(ExpectedConditions.textToBe(testId("balance"), "200000"));

        click("pay");
        wait.until(ExpectedConditions.textToBe(testId("reservation-status"), "PAID"));
        wait.until(ExpectedConditions.textToBe(testId("balance"), "90000"));
        screenshot("paid.png");

        assertThat(seatStatus(101, 12)).isEqualTo("RESERVED");
        assertThat(balanceOf(500)).isEqualTo(90_000);
        assertLedgerMatchesBalance(500);
    }

    private static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    private WebElement byTestId(String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(testId(id)));
    }

    private void click(String id) {
        wait.until(ExpectedConditions.elementToBeClickable(testId(id))).click();
    }

    private void screenshot(String name) throws Exception {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
