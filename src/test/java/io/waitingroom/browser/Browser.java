package io.waitingroom.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A headless Debian Chromium driven through its chromedriver, in a given browser language and
 * screen, with the checks every page must pass: no horizontal scrolling, touch targets of at
 * least 44 px, and no serious or critical axe-core violation.
 */
final class Browser implements AutoCloseable {

    /** Where screenshots land (target/browser/). */
    static final Path SCREENSHOTS = Path.of("target", "browser");
    /** axe-core from npm, installed by `npm ci` in src/test/browser (.ci/run does it). */
    static final Path AXE = Path.of("src", "test", "browser", "node_modules", "axe-core", "axe.min.js");
    static final int MIN_TARGET_PX = 44;

    /** A phone (390 x 844 CSS px, the size of a common phone) or a small desktop window. */
    enum Screen { PHONE, WINDOW }

    final ChromeDriver driver;
    final WebDriverWait wait;
    final String language;

    private Browser(ChromeDriver driver, String language) {
        this.driver = driver;
        this.language = language;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    /** @param language a BCP 47 tag: what the browser asks for in Accept-Language and navigator.languages */
    static Browser open(String language, Screen screen) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("browser.binary", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--lang=" + language,
                "--user-data-dir=" + Files.createTempDirectory("wr-chromium"));
        String base = language.split("-")[0];
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages",
                base.equals(language) ? language : language + "," + base));
        if (screen == Screen.PHONE) {
            options.addArguments("--window-size=390,844");
            options.setExperimentalOption("mobileEmulation", Map.of(
                    "deviceMetrics", Map.of("width", 390, "height", 844, "pixelRatio", 2.0, "touch", true, "mobile", true)));
        } else {
            options.addArguments("--window-size=1024,900");
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("browser.driver", "/usr/bin/chromedriver")).toFile())
                .usingAnyFreePort()
                .build();
        Files.createDirectories(SCREENSHOTS);
        return new Browser(new ChromeDriver(service, options), language);
    }

    @Override
    public void close() {
        driver.quit();
    }

    // ---- finding and clicking ----

    static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    WebElement byTestId(String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(testId(id)));
    }

    /** For elements that are there but not meant to be seen (a live region, an indicator at rest). */
    WebElement byTestIdPresent(String id) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(testId(id)));
    }

    void click(String id) {
        WebElement element = wait.until(ExpectedConditions.elementToBeClickable(testId(id)));
        script("arguments[0].scrollIntoView({block: 'center', inline: 'center'})", element);
        element.click();
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    String htmlLang() {
        return driver.findElement(By.tagName("html")).getAttribute("lang");
    }

    /** Waits until the page shows its texts (the message file is loaded and applied): a visible heading has words. */
    void waitForTexts() {
        wait.until(d -> d.findElements(By.cssSelector("main h1")).stream().anyMatch(h -> !h.getText().isBlank()));
    }

    /**
     * From the next page loaded on, the page keeps count of its timers that are still to run
     * (set, neither run nor cleared yet): {@link #pendingTimers()}. A page that says it has stopped
     * checking must have none left.
     */
    void countTimers() {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                (() => {
                  const pending = new Set();
                  const set = window.setTimeout.bind(window);
                  const clear = window.clearTimeout.bind(window);
                  window.setTimeout = (fn, ms, ...args) => {
                    const id = set((...a) => { pending.delete(id); if (typeof fn === 'function') fn(...a); }, ms, ...args);
                    pending.add(id);
                    return id;
                  };
                  window.clearTimeout = (id) => { pending.delete(id); clear(id); };
                  window.pendingTimers = () => pending.size;
                })();
                """));
    }

    long pendingTimers() {
        return ((Number) script("return window.pendingTimers()")).longValue();
    }

    void screenshot(String name) throws IOException {
        Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    // ---- what every page must pass ----

    /** The three checks of a page as it is on screen now. */
    void checkPage(String page) {
        assertNoHorizontalOverflow(page);
        assertTouchTargets(page);
        assertNoSeriousAxeViolations(page);
    }

    void assertNoHorizontalOverflow(String page) {
        @SuppressWarnings("unchecked")
        Map<String, Object> widths = (Map<String, Object>) script("""
                const doc = document.documentElement;
                const wide = [...document.querySelectorAll('body *')]
                    .filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > doc.clientWidth + 0.5
                        && !e.closest('.seatmap-inner'))
                    .slice(0, 5).map((e) => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className);
                return { scroll: doc.scrollWidth, client: doc.clientWidth, viewport: window.innerWidth, wide: wide.join(', ') };
                """);
        assertThat(((Number) widths.get("scroll")).longValue())
                .as("%s: page width %s at a %s px wide viewport; too wide: %s", page, widths.get("scroll"),
                        widths.get("viewport"), widths.get("wide"))
                .isLessThanOrEqualTo(((Number) widths.get("client")).longValue());
    }

    /** Every visible control is at least 44 x 44 CSS px (WCAG 2.5.5, Apple's and Google's touch guidelines). */
    void assertTouchTargets(String page) {
        @SuppressWarnings("unchecked")
        List<String> small = (List<String>) script("""
                const min = arguments[0];
                return [...document.querySelectorAll('a[href], button, input, select, textarea, [role="button"]')]
                    .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
                    .map((e) => [e, e.getBoundingClientRect()])
                    .filter(([, r]) => r.width < min - 0.01 || r.height < min - 0.01)
                    .map(([e, r]) => `${e.tagName} ${e.dataset.testid || e.id || e.textContent.trim().slice(0, 20)}: `
                        + `${r.width.toFixed(1)} x ${r.height.toFixed(1)}`);
                """, MIN_TARGET_PX);
        assertThat(small).as("%s: controls smaller than %d px", page, MIN_TARGET_PX).isEmpty();
    }

    void assertNoSeriousAxeViolations(String page) {
        assertThat(Files.exists(AXE))
                .as("%s is missing: run `npm ci` in src/test/browser (CI does it in .ci/run)", AXE)
                .isTrue();
        if (!Boolean.TRUE.equals(script("return typeof window.axe === 'object'"))) {
            try {
                script(Files.readString(AXE));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        Object result = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] })
                    .then((r) => done(r.violations
                        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                        .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)))
                    .catch((e) => done(['axe failed: ' + e]));
                """);
        assertThat((List<?>) result).as("%s (%s): axe-core serious or critical violations", page, language).isEmpty();
    }
}
