package dev.sonicsaviors.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * End to end in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}): load the page, upload a
 * generated noisy file, wait for the result, check both players and both spectrograms, and save screenshots (wide and
 * narrow) under {@code target/browser}. Skipped (an assumption, not a failure) where either program is missing, except
 * with {@code SONIC_REQUIRE_BROWSER=1}, which {@code .ci/run} sets after installing them.
 */
@Tag("browser")
class BrowserEndToEndTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    @Test
    void uploadDenoiseAndShowPlayersAndSpectrograms() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        String why = "needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)";
        if ("1".equals(System.getenv("SONIC_REQUIRE_BROWSER"))) {
            assertThat(present).as(why).isTrue(); // .ci/run installs them, so there a missing browser is a failure
        }
        assumeTrue(present, why);
        Path wav = dir.resolve("noisy-speech.wav");
        Files.write(wav, TestAudio.wav(4.0, 16_000, 42, dir));
        Path out = Path.of("target", "browser");
        Files.createDirectories(out);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createDirectory(dir.resolve("profile")), "--window-size=1200,1800");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        try (SonicServer server = SonicServer.start(ServeConfig.defaults().withPort(0))) {
            ChromeDriver driver = new ChromeDriver(service, options);
            try {
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(120));
                driver.get(server.url());
                assertThat(driver.getTitle()).contains("Sonic Saviors");
                wait.until(d -> d.findElements(By.cssSelector("#model option")).size() == 4);
                // The model card is shown before anything is uploaded.
                assertThat(driver.findElement(By.id("card-list")).getText()).contains("Trained on").contains("Licence");

                // Every form control has a label (screen readers announce it).
                for (WebElement control : driver.findElements(By.cssSelector("input, select"))) {
                    String id = control.getDomAttribute("id");
                    assertThat(driver.findElements(By.cssSelector("label[for='" + id + "']"))).as("label for #" + id).isNotEmpty();
                }

                driver.findElement(By.id("file")).sendKeys(wav.toAbsolutePath().toString());
                new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("model"))).selectByValue("default");
                WebElement submit = driver.findElement(By.id("submit"));
                wait.until(d -> submit.isEnabled());
                submit.click();
                wait.until(d -> d.findElement(By.id("result")).isDisplayed() || d.findElement(By.id("error")).isDisplayed());
                assertThat(driver.findElement(By.id("error")).isDisplayed()).as(driver.findElement(By.id("error")).getText()).isFalse();

                JavascriptExecutor js = driver;
                // Both players load their audio, both spectrograms are decoded images of the same size.
                wait.until(d -> Boolean.TRUE.equals(js.executeScript(
                        "return ['noisy-audio','denoised-audio'].every(id => document.getElementById(id).readyState >= 1)"
                                + " && ['noisy-mel','denoised-mel'].every(id => { const i = document.getElementById(id);"
                                + " return i.complete && i.naturalWidth > 0; });")));
                for (String id : List.of("noisy-audio", "denoised-audio")) {
                    double seconds = ((Number) js.executeScript("return document.getElementById(arguments[0]).duration", id)).doubleValue();
                    assertThat(seconds).as(id).isCloseTo(4.0, org.assertj.core.data.Offset.offset(0.05));
                }
                long w1 = (Long) js.executeScript("return document.getElementById('noisy-mel').naturalWidth");
                long w2 = (Long) js.executeScript("return document.getElementById('denoised-mel').naturalWidth");
                assertThat(w1).isEqualTo(w2).isPositive();
                assertThat(driver.findElement(By.id("duration")).getText()).startsWith("4.00 s");
                assertThat(driver.findElement(By.id("processing")).getText()).endsWith("real time)");
                assertThat(driver.findElement(By.id("download")).getDomProperty("href")).endsWith("/denoised.wav");
                // Focus moves to the result's heading so keyboard and screen-reader users land on it.
                assertThat(driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("result-title");
                save(driver.getScreenshotAs(OutputType.FILE), out.resolve("serve-wide.png"));

                // A narrow window (a phone) needs no sideways scrolling.
                driver.manage().window().setSize(new Dimension(380, 1800));
                Thread.sleep(300);
                long overflow = (Long) js.executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                assertThat(overflow).isLessThanOrEqualTo(0);
                save(driver.getScreenshotAs(OutputType.FILE), out.resolve("serve-narrow.png"));
            } finally {
                driver.quit();
            }
        }
    }

    private static void save(File shot, Path target) throws Exception {
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
