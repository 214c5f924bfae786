'use strict';

// The llm-router live dashboard. Reads /actuator/llmrouter (groups, deployments, live state),
// /actuator/metrics/llm.router.* (retries, fallbacks, cooldowns) and /recent (recent calls).
// A missing endpoint or meter shows "–": the page never breaks because a figure is absent.
(function () {
	const REFRESH_MS = 1000;
	const METRICS_MS = 2000;
	const BURST_SIZE = 50;
	const RECENT_ROWS = 12;
	const FALLBACK_ROWS = 3;

	// Failure columns of the deployment table: error types (as the endpoint names them) per column.
	const FAILURE_COLUMNS = [
		{ label: '429', kind: 'rate', width: 'c-count', types: ['RATE_LIMIT'] },
		{ label: '5xx', kind: 'server', width: 'c-count', types: ['INTERNAL_SERVER'] },
		{ label: 'Timeout', kind: 'timeout', width: 'c-wide', types: ['TIMEOUT'] },
		{ label: 'Ctx', kind: 'context', width: 'c-count', types: ['CONTEXT_WINDOW_EXCEEDED'] },
		{ label: 'Other', kind: 'other', width: 'c-other', types: null },
	];
	const KNOWN_TYPES = FAILURE_COLUMNS.flatMap((column) => column.types || []);

	const POLICY_LABELS = {
		TIMEOUT: 'timeout', RATE_LIMIT: 'rate limit', INTERNAL_SERVER: 'server error', BAD_REQUEST: 'bad request',
		AUTHENTICATION: 'auth', CONTENT_POLICY_VIOLATION: 'content policy', UNSUPPORTED_PARAMS: 'unsupported params',
	};

	const ATTEMPT_KINDS = {
		success: 'success', RateLimitException: 'rate', NoDeploymentAvailableException: 'rate',
		InternalServerException: 'server', ServiceUnavailableException: 'server', ApiConnectionException: 'server',
		LlmTimeoutException: 'timeout', ContextWindowExceededException: 'context',
		UnsupportedParamsException: 'unsupported',
	};

	const AGENT_QUESTION = 'What is the weather in Lisbon?';

	const page = {
		groupNames: null,     // the groups the cards were built for
		rows: {},             // "group/deployment" -> { row, until, total, episode, groupAvailable }
		cooldownCounts: {},   // "group/deployment" -> count from llm.router.cooldowns, or null
	};

	const byId = (id) => document.getElementById(id);

	function formatCount(value) {
		return (value === null || value === undefined || Number.isNaN(value)) ? '–'
			: Math.round(value).toLocaleString('en-US');
	}

	function escapeHtml(text) {
		return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
	}

	function setText(element, text) {
		if (element && element.textContent !== text) {
			element.textContent = text;
		}
	}

	async function getJson(url, init) {
		try {
			const response = await fetch(url, Object.assign({ headers: { Accept: 'application/json' } }, init));
			return response.ok ? await response.json() : null;
		}
		catch (ex) {
			return null;
		}
	}

	// ---- meters --------------------------------------------------------------------

	function meter(name, tags) {
		const query = (tags || []).map(([key, value]) => 'tag=' + encodeURIComponent(key + ':' + value)).join('&');
		return getJson('/actuator/metrics/' + name + (query ? '?' + query : ''));
	}

	function countOf(measured) {
		if (!measured || !measured.measurements) {
			return null;
		}
		const count = measured.measurements.find((m) => m.statistic === 'COUNT');
		return count ? count.value : null;
	}

	function tagValues(measured, tag) {
		const found = measured && (measured.availableTags || []).find((t) => t.tag === tag);
		return found ? found.values.slice().sort() : [];
	}

	async function retriesByType(group) {
		const all = await meter('llm.router.retries', [['model.group', group]]);
		if (!all) {
			return null;
		}
		const types = tagValues(all, 'error.type');
		const counts = await Promise.all(types.map((type) =>
			meter('llm.router.retries', [['model.group', group], ['error.type', type]]).then(countOf)));
		return types.map((type, i) => ({ type, count: counts[i] }));
	}

	async function fallbackRoutes() {
		const all = await meter('llm.router.fallbacks');
		if (!all) {
			return null;
		}
		const routes = [];
		for (const from of tagValues(all, 'from')) {
			const byFrom = await meter('llm.router.fallbacks', [['from', from]]);
			for (const to of tagValues(byFrom, 'to')) {
				const tags = [['from', from], ['to', to]];
				const [total, served, failed] = await Promise.all([
					meter('llm.router.fallbacks', tags).then(countOf),
					meter('llm.router.fallbacks', tags.concat([['outcome', 'success']])).then(countOf),
					meter('llm.router.fallbacks', tags.concat([['outcome', 'failure']])).then(countOf),
				]);
				routes.push({ from, to, total, served: served || 0, failed: failed || 0 });
			}
		}
		return routes;
	}

	async function refreshMetrics() {
		const groups = page.groupNames || [];
		const [retries, fallbacks, cooldowns, byGroup, routes, perDeployment] = await Promise.all([
			meter('llm.router.retries').then(countOf),
			meter('llm.router.fallbacks').then(countOf),
			meter('llm.router.cooldowns').then(countOf),
			Promise.all(groups.map(retriesByType)),
			fallbackRoutes(),
			Promise.all(Object.keys(page.rows).map((key) => {
				const [group, deployment] = key.split('/');
				return meter('llm.router.cooldowns', [['model.group', group], ['deployment', deployment]])
					.then(countOf).then((count) => [key, count]);
			})),
		]);
		setText(byId('kpi-retries'), formatCount(retries));
		setText(byId('kpi-fallbacks'), formatCount(fallbacks));
		setText(byId('kpi-cooldowns'), formatCount(cooldowns));
		groups.forEach((group, i) => renderRetriesByType(group, byGroup[i], retries !== null));
		renderFallbackRoutes(routes);
		// A deployment never cooled has no meter yet: 0 once the cooldown meter exists at all, else unknown.
		perDeployment.forEach(([key, count]) => {
			page.cooldownCounts[key] = (count !== null) ? count : (cooldowns !== null ? 0 : null);
			const entry = page.rows[key];
			if (entry) {
				setCell(entry.row.querySelector('td.cooldowns'), page.cooldownCounts[key]);
			}
		});
	}

	// ---- groups --------------------------------------------------------------------

	function buildCards(groups) {
		const container = byId('groups');
		container.innerHTML = '';
		page.rows = {};
		for (const [name, group] of Object.entries(groups)) {
			const card = document.createElement('article');
			card.className = 'group';
			card.dataset.group = name;
			const headers = FAILURE_COLUMNS.map((column) =>
				`<th class="num" title="failed attempts: ${column.types ? column.types.join(', ') : 'other types'}"><i class="k ${column.kind}"></i>${column.label}</th>`).join('');
			card.innerHTML = `
				<div class="group-head">
					<h2>${escapeHtml(name)}</h2><span class="badge">AVAILABLE</span>
					<span class="group-meta">${escapeHtml(describeGroup(group))}</span>
				</div>
				<div class="policy"><span class="label">Retry policy</span>${policyChips(group.retryPolicy)}</div>
				<table class="deployments">
					<colgroup><col><col class="c-attempts"><col class="c-count">
						${FAILURE_COLUMNS.map((column) => `<col class="${column.width}">`).join('')}
						<col class="c-retries"><col class="c-cooldowns"><col class="c-state"></colgroup>
					<thead><tr><th>Deployment</th><th class="num" title="attempts made on this deployment">Attempts</th><th class="num">OK</th>${headers}
						<th class="num">Retries</th><th class="num">Cooldowns</th><th>State</th></tr></thead>
					<tbody></tbody>
				</table>
				<div class="by-type"><span class="label">Retries by error type</span><span class="values"><span class="empty">–</span></span></div>`;
			const body = card.querySelector('tbody');
			for (const [id, deployment] of Object.entries(group.deployments || {})) {
				const row = document.createElement('tr');
				row.dataset.deployment = id;
				row.dataset.state = 'healthy';
				row.innerHTML = `
					<td><div class="dep-name"><span class="status-dot"></span><span><span class="id">${escapeHtml(id)}</span>
						<span class="model">${escapeHtml([deployment.model, deployment.provider].filter(Boolean).join(' · '))}</span></span></div></td>
					<td class="num attempts">–</td><td class="num ok">–</td>
					${FAILURE_COLUMNS.map((column) => `<td class="num fail-${column.kind}">–</td>`).join('')}
					<td class="num retries">–</td><td class="num cooldowns">–</td>
					<td><div class="state"><span class="state-text">healthy</span><div class="bar"><span></span></div></div></td>`;
				body.appendChild(row);
				page.rows[name + '/' + id] = { row, until: 0, total: 0, episode: null, groupAvailable: true };
			}
			container.appendChild(card);
		}
		page.groupNames = Object.keys(groups);
		renderConfiguredFallbacks(groups);
	}

	function describeGroup(group) {
		const parts = [group.routingStrategy, 'num-retries ' + group.numRetries];
		if ((group.fallbacks || []).length) {
			parts.push('fallbacks → ' + group.fallbacks.join(', '));
		}
		if ((group.contextWindowFallbacks || []).length) {
			parts.push('context window → ' + group.contextWindowFallbacks.join(', '));
		}
		return parts.filter(Boolean).join(' · ');
	}

	function policyChips(policy) {
		return Object.entries(policy || {}).map(([type, retries]) =>
			`<span class="chip${retries > 0 ? '' : ' off'}">${escapeHtml(POLICY_LABELS[type] || type)} <b>${retries}</b></span>`).join('');
	}

	function setCell(cell, value) {
		if (!cell) {
			return;
		}
		setText(cell, formatCount(value));
		cell.classList.toggle('zero', value === 0);
	}

	function renderGroups(groups, fetchedAt) {
		const names = Object.keys(groups);
		if (!page.groupNames || names.join('\n') !== page.groupNames.join('\n')) {
			buildCards(groups);
		}
		for (const [name, group] of Object.entries(groups)) {
			const card = document.querySelector(`article.group[data-group="${CSS.escape(name)}"]`);
			let cooling = 0;
			for (const [id, deployment] of Object.entries(group.deployments || {})) {
				const entry = page.rows[name + '/' + id];
				if (!entry) {
					continue;
				}
				const failures = deployment.failures || {};
				const failed = Object.values(failures).reduce((sum, n) => sum + n, 0);
				const cells = entry.row;
				setCell(cells.querySelector('td.attempts'), (deployment.successes || 0) + failed);
				setCell(cells.querySelector('td.ok'), deployment.successes);
				for (const column of FAILURE_COLUMNS) {
					const count = Object.entries(failures)
						.filter(([type]) => column.types ? column.types.includes(type) : !KNOWN_TYPES.includes(type))
						.reduce((sum, [, n]) => sum + n, 0);
					setCell(cells.querySelector('td.fail-' + column.kind), count);
				}
				setCell(cells.querySelector('td.retries'), deployment.retries);
				if (deployment.coolingDown) {
					cooling++;
					const episode = deployment.cooldownUntil;
					if (entry.episode !== episode) {
						entry.episode = episode;
						entry.total = deployment.cooldownRemainingMs;
					}
					entry.total = Math.max(entry.total, deployment.cooldownRemainingMs);
					entry.until = fetchedAt + deployment.cooldownRemainingMs;
				}
				else {
					entry.until = 0;
				}
				entry.groupAvailable = group.available !== false;
			}
			const state = (group.available === false) ? 'unavailable' : (cooling > 0 ? 'degraded' : 'available');
			card.dataset.state = state;
			setText(card.querySelector('.badge'), state.toUpperCase());
		}
		tickCooldowns();
	}

	function tickCooldowns() {
		const now = Date.now();
		for (const entry of Object.values(page.rows)) {
			const remaining = entry.until - now;
			const row = entry.row;
			const bar = row.querySelector('.bar > span');
			if (remaining > 0) {
				row.dataset.state = entry.groupAvailable ? 'cooling' : 'unavailable';
				setText(row.querySelector('.state-text'),
					(entry.groupAvailable ? 'cooling ' : 'unavailable ') + (remaining / 1000).toFixed(1) + 's');
				bar.style.width = Math.min(100, (100 * remaining) / Math.max(entry.total, 1)).toFixed(1) + '%';
			}
			else {
				row.dataset.state = 'healthy';
				setText(row.querySelector('.state-text'), 'healthy');
				bar.style.width = '0';
			}
		}
	}

	function renderRetriesByType(group, counts, meterExists) {
		const card = document.querySelector(`article.group[data-group="${CSS.escape(group)}"]`);
		const values = card && card.querySelector('.by-type .values');
		if (!values) {
			return;
		}
		const none = meterExists ? '<span class="empty">none yet</span>' : '<span class="empty">–</span>';
		const html = (!counts || counts.length === 0) ? none
			: counts.map(({ type, count }) =>
				`<span class="chip" title="${escapeHtml(type)}">${escapeHtml(type.replace(/Exception$/, ''))} <b>${formatCount(count)}</b></span>`).join('');
		if (values.innerHTML !== html) {
			values.innerHTML = html;
		}
	}

	// ---- fallbacks and recent calls ---------------------------------------------------

	function renderFallbackRoutes(routes) {
		const rows = (routes || []).map((route) => `<tr>
				<td class="route">${escapeHtml(route.from)}<span class="arrow">→</span>${escapeHtml(route.to)}</td>
				<td class="num">${formatCount(route.total)}</td><td class="num">${formatCount(route.served)}</td>
				<td class="num">${formatCount(route.failed)}</td></tr>`);
		if (routes === null) {
			rows.push('<tr><td>–</td><td class="num">–</td><td class="num">–</td><td class="num">–</td></tr>');
		}
		while (rows.length < FALLBACK_ROWS) {
			rows.push('<tr class="empty"><td>&nbsp;</td><td></td><td></td><td></td></tr>');
		}
		const body = byId('fallbacks').querySelector('tbody');
		const html = rows.join('');
		if (body.dataset.html !== html) {
			body.dataset.html = html;
			body.innerHTML = html;
		}
	}

	function renderConfiguredFallbacks(groups) {
		const items = [];
		for (const [name, group] of Object.entries(groups)) {
			const kinds = [['fallbacks', 'after retries'], ['contextWindowFallbacks', 'context window exceeded'],
				['contentPolicyFallbacks', 'content policy']];
			for (const [key, kind] of kinds) {
				for (const target of group[key] || []) {
					items.push(`<li>${escapeHtml(name)} → ${escapeHtml(target)}<span class="kind">${kind}</span></li>`);
				}
			}
		}
		byId('configured-fallbacks').innerHTML = items.join('') || '<li>none</li>';
	}

	function attemptSquares(attempts) {
		let previousGroup = null;
		return (attempts || []).map((attempt) => {
			const kind = ATTEMPT_KINDS[attempt.outcome] || 'other';
			const title = `${attempt.group}/${attempt.deployment}: ${attempt.outcome}`
				+ (attempt.status ? ` (HTTP ${attempt.status})` : '') + `, ${attempt.durationMs}ms`
				+ (attempt.backoffMs ? `, after waiting ${attempt.backoffMs}ms` : '');
			const gap = (previousGroup !== null && previousGroup !== attempt.group) ? '<i class="a gap"></i>' : '';
			previousGroup = attempt.group;
			return `${gap}<i class="a ${kind}" title="${escapeHtml(title)}"></i>`;
		}).join('');
	}

	// The tools the model called in its answer, name and arguments, on a line under the call.
	function toolRow(toolCalls) {
		if (!toolCalls || toolCalls.length === 0) {
			return '';
		}
		const chips = toolCalls.map((call) => {
			const text = `${call.name}(${call.arguments})`;
			return `<span class="tool" title="tool call ${escapeHtml(call.id)}">${escapeHtml(text)}</span>`;
		}).join('');
		return `<tr class="tool-row"><td></td><td colspan="7"><span class="tool-label">tool call</span>${chips}</td></tr>`;
	}

	function renderRecent(recent) {
		setText(byId('kpi-calls'), formatCount(recent ? recent.calls : null));
		setText(byId('kpi-succeeded'), formatCount(recent ? recent.succeeded : null));
		setText(byId('kpi-failed'), formatCount(recent ? recent.failed : null));
		byId('kpi-failed').classList.toggle('zero', !recent || recent.failed === 0);
		const calls = (recent && recent.recent) || [];
		const rows = calls.slice(0, RECENT_ROWS).map((call) => {
			const ok = call.outcome === 'success';
			const time = new Date(call.finishedAt).toLocaleTimeString('en-GB', { hour12: false });
			return `<tr>
				<td class="time">${escapeHtml(time)}</td><td>${escapeHtml(call.group)}</td>
				<td class="served">${escapeHtml(call.servedBy || '—')}</td>
				<td><div class="attempts">${attemptSquares(call.attempts)}</div></td>
				<td class="num">${call.retryCount}</td><td class="num">${call.fallbackCount}</td>
				<td class="num">${formatCount(call.durationMs)}</td>
				<td class="outcome ${ok ? 'success' : 'failure'}" title="${escapeHtml(call.outcome)}">${escapeHtml(call.outcome)}</td></tr>`
				+ toolRow(call.toolCalls);
		});
		while (rows.length < RECENT_ROWS) {
			rows.push('<tr class="empty"><td class="time">&nbsp;</td><td></td><td></td><td></td><td></td><td></td><td></td><td></td></tr>');
		}
		const body = byId('recent').querySelector('tbody');
		const html = rows.join('');
		if (body.dataset.html !== html) {
			body.dataset.html = html;
			body.innerHTML = html;
		}
	}

	// ---- loops ---------------------------------------------------------------------

	async function refresh() {
		const [router, recent, health] = await Promise.all([
			getJson('/actuator/llmrouter'), getJson('/recent'), getJson('/actuator/health'),
		]);
		const fetchedAt = Date.now();
		if (router && router.groups) {
			const placeholder = byId('groups-placeholder');
			if (placeholder) {
				placeholder.remove();
			}
			renderGroups(router.groups, fetchedAt);
		}
		renderRecent(recent);
		const status = health ? health.status : 'UNKNOWN';
		byId('health').dataset.state = status;
		setText(byId('health-text'), 'health ' + status);
		setText(byId('updated'), 'updated ' + new Date(fetchedAt).toLocaleTimeString('en-GB', { hour12: false }));
	}

	function loop(task, everyMs) {
		const run = async () => {
			try {
				await task();
			}
			finally {
				setTimeout(run, everyMs);
			}
		};
		run();
	}

	async function fireBurst() {
		const button = byId('burst');
		const status = byId('burst-status');
		button.disabled = true;
		setText(button, `Firing ${BURST_SIZE} calls…`);
		status.innerHTML = `<span>firing ${BURST_SIZE} calls…</span><span>watch the deployments</span>`;
		const summary = await getJson('/load?n=' + BURST_SIZE, { method: 'POST' });
		button.disabled = false;
		setText(button, `Fire burst ×${BURST_SIZE}`);
		status.innerHTML = summary
			? `<span>${summary.requested} calls in ${(summary.elapsedMs / 1000).toFixed(1)}s</span>`
				+ `<span>${summary.succeeded} ok · ${summary.failed} failed · ${summary.retries} retries · `
				+ `${summary.fallbacks} fallbacks</span>`
			: '<span>burst failed: is the app running?</span>';
	}

	async function askAgent() {
		const button = byId('agent');
		const status = byId('burst-status');
		button.disabled = true;
		status.innerHTML = `<span>agent: ${escapeHtml(AGENT_QUESTION)}</span><span>calling get_weather through the router…</span>`;
		const result = await getJson('/ask/agent?q=' + encodeURIComponent(AGENT_QUESTION));
		button.disabled = false;
		if (!result) {
			status.innerHTML = '<span>agent failed: see recent calls</span>';
			return;
		}
		const last = result.turns[result.turns.length - 1];
		const tools = result.toolCalls.map((call) => `${call.name}(${call.arguments}) → ${call.result}`).join('; ');
		status.innerHTML = `<span>agent answered by ${escapeHtml(last.group + '/' + last.deployment)} in ${result.turns.length} calls</span>`
			+ `<span title="${escapeHtml(tools)}">${escapeHtml(tools || 'no tool call')}</span>`;
	}

	byId('burst').addEventListener('click', fireBurst);
	byId('agent').addEventListener('click', askAgent);
	loop(refresh, REFRESH_MS);
	loop(refreshMetrics, METRICS_MS);
	setInterval(tickCooldowns, 100);
})();
