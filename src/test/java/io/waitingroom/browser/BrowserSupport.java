package io.waitingroom.browser;

import java.nio.file.Path;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium with the flags this machine needs (no network beyond localhost). */
final class BrowserSupport {

    private BrowserSupport() {
    }

    static ChromeDriver chromium(Path profile, String... extraArguments) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("browser.binary", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        options.addArguments(extraArguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("browser.driver", "/usr/bin/chromedriver")).toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
