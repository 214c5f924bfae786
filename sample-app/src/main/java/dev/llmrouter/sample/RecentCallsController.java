package dev.llmrouter.sample;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /recent}: the calls {@link RecentCalls} kept, for the dashboard.
 *
 * @author llm-router
 */
@RestController
class RecentCallsController {

	private final RecentCalls recentCalls;

	RecentCallsController(RecentCalls recentCalls) {
		this.recentCalls = recentCalls;
	}

	@GetMapping("/recent")
	RecentCalls.Snapshot recent() {
		return this.recentCalls.snapshot();
	}

}
