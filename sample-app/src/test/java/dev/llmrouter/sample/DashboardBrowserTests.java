package dev.llmrouter.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Opens the dashboard in real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}). Skipped only outside CI when the driver is not installed.
 *
 * @author llm-router
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sim.record-requests=true")
class DashboardBrowserTests {

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path SCREENSHOT = Path.of("target", "dashboard.png");

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	@LocalServerPort
	private int port;

	private ChromeDriver driver;

	@BeforeEach
	void openBrowser(@TempDir Path profile) {
		assumeTrue(Files.isExecutable(CHROMEDRIVER) || System.getenv("CI") != null,
				"chromium-driver is not installed (apt-get install chromium chromium-driver)");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		if (Files.isExecutable(CHROMIUM)) {
			options.setBinary(CHROMIUM.toFile());
		}
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1680,1050",
				"--force-device-scale-factor=1");
		this.driver = new ChromeDriver(service, options);
		this.driver.get("http://localhost:" + this.port + "/");
	}

	@AfterEach
	void closeBrowser() {
		if (this.driver != null) {
			this.driver.quit();
		}
	}

	@Test
	void whenOpenedThenEveryGroupAndDeploymentIsRendered() {
		waitUntil(() -> this.driver.findElements(By.cssSelector("article.group")).size() == 3);
		assertThat(this.driver.findElements(By.cssSelector("article.group")))
			.extracting((card) -> card.getDomAttribute("data-group"))
			.containsExactly("fast", "smart", "claude");
		assertThat(this.driver.findElements(By.cssSelector("article.group tbody tr")))
			.extracting((row) -> row.getDomAttribute("data-deployment"))
			.containsExactly("fast-a", "fast-b", "smart-a", "smart-b", "claude-a");
		assertThat(this.driver.findElement(By.cssSelector("tr[data-deployment=claude-a] .model")).getText())
			.isEqualTo("claude-sim · anthropic");
		assertThat(this.driver.findElements(By.cssSelector("article.group .state-text")))
			.extracting(WebElement::getText)
			.allMatch((state) -> state.matches("healthy|(cooling|unavailable) \\d+\\.\\ds"));
		assertThat(this.driver.findElement(By.id("health-text")).getText()).isEqualTo("health UP");
	}

	@Test
	void whenBurstFiredThenNumbersChangeAndScreenshotIsSaved() throws IOException {
		waitUntil(() -> !this.driver.findElements(By.cssSelector("article.group")).isEmpty()
				&& !kpi("kpi-calls").equals("–"));
		long callsBefore = number(kpi("kpi-calls"));
		String fastCallsBefore = deploymentCalls();
		WebElement burst = this.driver.findElement(By.id("burst"));
		burst.click();
		waitUntil(() -> this.driver.findElement(By.id("burst-status")).getText().startsWith("50 calls in"));
		waitUntil(() -> number(kpi("kpi-calls")) >= callsBefore + 50);
		waitUntil(() -> number(kpi("kpi-retries")) > 0 && number(kpi("kpi-fallbacks")) > 0);
		waitUntil(() -> this.driver.findElements(By.cssSelector("#recent tbody tr:not(.empty)")).size() >= 10);
		assertThat(deploymentCalls()).isNotEqualTo(fastCallsBefore);
		assertThat(this.driver.findElement(By.id("burst-status")).getText()).startsWith("50 calls in");
		File screenshot = this.driver.getScreenshotAs(OutputType.FILE);
		Files.createDirectories(SCREENSHOT.getParent());
		Files.copy(screenshot.toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
		assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
	}

	@Test
	void whenAgentAskedThenItsFallbackToClaudeAndToolCallShowInRecentCalls() {
		waitUntil(() -> !this.driver.findElements(By.cssSelector("article.group")).isEmpty()
				&& !kpi("kpi-calls").equals("–"));
		this.driver.findElement(By.id("agent")).click();
		waitUntil(() -> this.driver.findElement(By.id("burst-status"))
			.getText()
			.startsWith("agent answered by claude/claude-a in 2 calls"));
		assertThat(this.driver.findElement(By.id("burst-status")).getText())
			.contains("get_weather({\"city\":\"Lisbon\"}) → {\"city\":\"Lisbon\"");
		// the recent table is redrawn whenever a call ends, so the row is read in one
		// script run: elements found one by one can go stale between two reads
		Map<String, Object> row = waitFor(() -> toolRowAndItsCall());
		assertThat(row.get("tool")).isEqualTo("get_weather({\"city\":\"Lisbon\"})");
		assertThat(row.get("served")).isEqualTo("claude/claude-a");
		// the path: fast's and smart's 400s, a divider at each fallback, then Claude's
		// answer
		assertThat(row.get("gaps")).isEqualTo(2L);
		assertThat((Long) row.get("unsupported")).isPositive();
		assertThat(row.get("successes")).isEqualTo(1L);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> toolRowAndItsCall() {
		return (Map<String, Object>) this.driver.executeScript("""
				const tool = document.querySelector('#recent tr.tool-row');
				if (!tool) { return null; }
				const call = tool.previousElementSibling;
				return {
					tool: tool.querySelector('.tool').innerText.trim(),
					served: call.querySelector('td.served').innerText.trim(),
					gaps: call.querySelectorAll('i.a.gap').length,
					unsupported: call.querySelectorAll('i.a.unsupported').length,
					successes: call.querySelectorAll('i.a.success').length,
				};
				""");
	}

	private String deploymentCalls() {
		List<WebElement> cells = this.driver.findElements(By.cssSelector("article.group td.attempts"));
		return String.join(",", cells.stream().map(WebElement::getText).toList());
	}

	private String kpi(String id) {
		return this.driver.findElement(By.id(id)).getText();
	}

	private static boolean isNumber(String text) {
		return text.replace(",", "").matches("\\d+");
	}

	private static long number(String text) {
		return isNumber(text) ? Long.parseLong(text.replace(",", "")) : -1;
	}

	private void waitUntil(BooleanSupplier condition) {
		waitFor(() -> condition.getAsBoolean() ? Boolean.TRUE : null);
	}

	/**
	 * Polls until the supplier returns non-null (or true); an element the dashboard
	 * redrew between finding and reading it is read again on the next poll.
	 */
	private <T> T waitFor(Supplier<T> value) {
		return new WebDriverWait(this.driver, PATIENCE, Duration.ofMillis(200))
			.ignoring(StaleElementReferenceException.class)
			.until((driver) -> value.get());
	}

}
