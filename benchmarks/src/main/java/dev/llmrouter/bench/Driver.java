package dev.llmrouter.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import reactor.core.Disposable;

/**
 * Drives one arm through one figure: closed-loop calls at a concurrency, concurrent
 * streams, or calls held in flight while the heap is measured.
 *
 * @author llm-router
 */
final class Driver {

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

	private Driver() {
	}

	/**
	 * Closed-loop calls: {@code concurrency} callers, each starting its next call when
	 * the last one ends, for {@code nanos}.
	 */
	static Load closedLoop(Target target, int concurrency, long nanos) throws InterruptedException {
		return closedLoop(target, concurrency, nanos, 0);
	}

	/**
	 * Closed-loop calls: {@code concurrency} callers, each starting its next call when
	 * the last one ends. The callers start spread evenly over {@code rampNanos}, so that
	 * they do not run in lock-step waves that would measure the harness's burst rather
	 * than the arm; the figure is taken over the {@code nanos} after the ramp.
	 */
	static Load closedLoop(Target target, int concurrency, long nanos, long rampNanos) throws InterruptedException {
		long heapBefore = HeapAllocation.total();
		Map<Long, Long> before = allocated();
		Window window = new Window(System.nanoTime() + rampNanos, nanos);
		CountDownLatch done = new CountDownLatch(concurrency);
		CountDownLatch release = new CountDownLatch(1);
		long start = System.nanoTime();
		List<Thread> workers = new ArrayList<>();
		for (int i = 0; i < concurrency; i++) {
			long due = start + rampNanos * i / concurrency;
			if (target.async()) {
				parkUntil(due);
				new AsyncLane(target, window, done).next();
			}
			else {
				Thread worker = new Thread(() -> {
					parkUntil(due);
					while (System.nanoTime() < window.end) {
						long callStart = System.nanoTime();
						boolean ok;
						try {
							target.chat();
							ok = true;
						}
						catch (Exception ex) {
							ok = false;
						}
						window.ended(callStart, ok);
					}
					done.countDown();
					awaitQuietly(release);
				}, "bench-caller-" + i);
				worker.setDaemon(true);
				workers.add(worker);
				worker.start();
			}
		}
		done.await();
		long liveThreadBytes = allocatedSince(before);
		long allocatedBytes = HeapAllocation.total() - heapBefore;
		release.countDown();
		for (Thread worker : workers) {
			worker.join();
		}
		return new Load(window.calls.get(), window.errors.get(), nanos / 1e9, window.recorder.getIntervalHistogram(),
				allocatedBytes, liveThreadBytes, window.all.get());
	}

	private static void parkUntil(long due) {
		long wait;
		while ((wait = due - System.nanoTime()) > 0) {
			LockSupport.parkNanos(wait);
		}
	}

	/**
	 * {@code count} streams started together; waits for all to end or for
	 * {@code timeoutNanos}.
	 */
	static StreamLoad streams(Target target, int count, long rampNanos, long timeoutNanos) throws InterruptedException {
		return streams(List.of(target), count, rampNanos, timeoutNanos).get(0);
	}

	/**
	 * {@code count} streams of several targets, their starts alternating between the
	 * targets so that each meets the same machine at the same moments: the paired figure
	 * that compares two arms' streaming with the noise of the machine taken out.
	 * @return one figure per target, in order
	 */
	static List<StreamLoad> streams(List<Target> targets, int count, long rampNanos, long timeoutNanos)
			throws InterruptedException {
		int arms = targets.size();
		List<StreamFigure> figures = new ArrayList<>(arms);
		for (int i = 0; i < arms; i++) {
			figures.add(new StreamFigure(count / arms + ((i < count % arms) ? 1 : 0)));
		}
		CountDownLatch done = new CountDownLatch(count);
		long start = System.nanoTime();
		List<Disposable> handles = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			// starts spread evenly over the ramp, which is shorter than a stream: all are
			// open at once at its end, without one burst of connects dominating the
			// figure
			parkUntil(start + rampNanos * i / count);
			StreamFigure figure = figures.get(i % arms);
			StreamCheck check = new StreamCheck(System.nanoTime(), figure, done);
			handles.add(targets.get(i % arms).stream(check));
		}
		boolean finished = done.await(timeoutNanos, TimeUnit.NANOSECONDS);
		if (!finished) {
			handles.forEach(Disposable::dispose);
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		List<StreamLoad> loads = new ArrayList<>(arms);
		for (StreamFigure figure : figures) {
			loads.add(new StreamLoad(figure.count, figure.completed.get(), figure.errors.get(), figure.lost.get(),
					figure.duplicated.get(), figure.count - figure.completed.get() - figure.errors.get(), seconds,
					figure.ttft.getIntervalHistogram(), figure.gaps.getIntervalHistogram()));
		}
		return loads;
	}

	/**
	 * Time to first token at concurrency 1: one stream after another for {@code nanos},
	 * each started when the last has ended (read to its end, so its connection goes back
	 * to the pool), timed from starting the call to its first delta. Meant for the mock's
	 * {@code burst} mode, which sends a stream's events at once: the figure is then the
	 * client's own time to the first token, without a pace's timer in it.
	 * @return the streams that ended inside the window, their time-to-first-token as the
	 * latency; a stream that fails, or whose first delta is not the stream's first, is an
	 * error
	 */
	static Load firstTokens(Target target, long nanos) throws InterruptedException {
		Window window = new Window(System.nanoTime(), nanos);
		CountDownLatch done = new CountDownLatch(1);
		new FirstTokenLane(target, window, done).next();
		if (!done.await(nanos + TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS)) {
			throw new IllegalStateException("a stream of the time-to-first-token figure did not end within 30 s");
		}
		return new Load(window.calls.get(), window.errors.get(), nanos / 1e9, window.recorder.getIntervalHistogram(), 0,
				0, window.all.get());
	}

	/**
	 * Heap retained per call (or stream) in flight: {@code count} calls are held by the
	 * mock's {@code hold} mode while the heap is measured after a full GC, once they are
	 * all in flight and have settled.
	 * @return bytes per call in flight, and how many were in flight
	 */
	static Retained retained(Target target, MockProcess mock, int count, boolean stream, long holdMillis)
			throws InterruptedException {
		long base = settledHeap(Math.min(500, holdMillis / 6));
		AtomicInteger started = new AtomicInteger();
		CountDownLatch done = new CountDownLatch(count);
		List<Disposable> keep = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			if (stream) {
				keep.add(target.stream(new Target.StreamSink() {

					private boolean first = true;

					@Override
					public void content(String text) {
						if (this.first) {
							this.first = false;
							started.incrementAndGet();
						}
					}

					@Override
					public void complete() {
						done.countDown();
					}

					@Override
					public void error(Throwable error) {
						done.countDown();
					}

				}));
			}
			else if (target.async()) {
				keep.add(target.chatAsync().subscribe((text) -> {
				}, (error) -> done.countDown(), done::countDown));
			}
			else {
				Thread caller = new Thread(() -> {
					try {
						target.chat();
					}
					catch (Exception ex) {
						// counted by the mock's pending figure
					}
					done.countDown();
				});
				caller.setDaemon(true);
				caller.start();
			}
		}
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(holdMillis / 2);
		long inFlight = 0;
		while (System.nanoTime() < deadline) {
			inFlight = stream ? started.get() : mock.stats().pending();
			if (inFlight >= count) {
				break;
			}
			LockSupport.parkNanos(5_000_000);
		}
		// let every call finish setting up its side of the wait (a blocking client's
		// thread
		// goes on to allocate its response buffers after the request is out) before the
		// heap is measured
		LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(holdMillis / 6));
		inFlight = stream ? started.get() : mock.stats().pending();
		long used = usedAfterGc();
		if (!done.await(holdMillis * 3, TimeUnit.MILLISECONDS)) {
			keep.forEach(Disposable::dispose);
		}
		return new Retained((inFlight > 0) ? (double) (used - base) / inFlight : Double.NaN, inFlight);
	}

	/**
	 * The heap used after a full GC, once it stops shrinking: a client dropped by the
	 * figure before can take a few seconds to let go of its connections (the JDK client
	 * shuts its selector thread down only when it next wakes), and whatever it frees
	 * during the figure would be taken off this figure's calls.
	 */
	private static long settledHeap(long stepMillis) {
		long used = usedAfterGc();
		for (int i = 0; i < 10; i++) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(stepMillis));
			long now = usedAfterGc();
			boolean settled = used - now < 64 * 1024;
			used = now;
			if (settled) {
				break;
			}
		}
		return used;
	}

	private static long usedAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return MEMORY.getHeapMemoryUsage().getUsed();
	}

	private static Map<Long, Long> allocated() {
		long[] ids = THREADS.getAllThreadIds();
		long[] bytes = THREADS.getThreadAllocatedBytes(ids);
		Map<Long, Long> map = new HashMap<>();
		for (int i = 0; i < ids.length; i++) {
			if (bytes[i] >= 0) {
				map.put(ids[i], bytes[i]);
			}
		}
		return map;
	}

	private static long allocatedSince(Map<Long, Long> before) {
		long total = 0;
		for (Map.Entry<Long, Long> now : allocated().entrySet()) {
			total += now.getValue() - before.getOrDefault(now.getKey(), 0L);
		}
		return total;
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The measurement window of one closed-loop figure: calls that end inside it are
	 * counted and timed; every call counts toward the allocation figure.
	 */
	private static final class Window {

		final long begin;

		final long end;

		final Recorder recorder = new Recorder(3);

		final AtomicLong calls = new AtomicLong();

		final AtomicLong errors = new AtomicLong();

		final AtomicLong all = new AtomicLong();

		Window(long begin, long nanos) {
			this.begin = begin;
			this.end = begin + nanos;
		}

		void ended(long callStart, boolean ok) {
			long now = System.nanoTime();
			this.all.incrementAndGet();
			if (now >= this.begin && now <= this.end) {
				this.recorder.recordValue(now - callStart);
				(ok ? this.calls : this.errors).incrementAndGet();
			}
		}

		/**
		 * A stream that ended at {@code now}: timed at {@code nanos} if it succeeded,
		 * else counted as an error.
		 */
		void streamEnded(long now, long nanos, boolean ok) {
			this.all.incrementAndGet();
			if (now >= this.begin && now <= this.end) {
				if (ok) {
					this.recorder.recordValue(nanos);
				}
				(ok ? this.calls : this.errors).incrementAndGet();
			}
		}

	}

	/**
	 * One closed-loop caller of a non-blocking arm.
	 */
	private static final class AsyncLane {

		private final Target target;

		private final Window window;

		private final CountDownLatch done;

		AsyncLane(Target target, Window window, CountDownLatch done) {
			this.target = target;
			this.window = window;
			this.done = done;
		}

		void next() {
			long start = System.nanoTime();
			if (start >= this.window.end) {
				this.done.countDown();
				return;
			}
			this.target.chatAsync().subscribe((text) -> {
			}, (error) -> ended(start, false), () -> ended(start, true));
		}

		private void ended(long start, boolean ok) {
			this.window.ended(start, ok);
			next();
		}

	}

	/**
	 * The one caller of the time-to-first-token figure at concurrency 1: starts the next
	 * stream from the last one's end.
	 */
	private static final class FirstTokenLane implements Target.StreamSink {

		private final Target target;

		private final Window window;

		private final CountDownLatch done;

		private long start;

		private long firstToken;

		private boolean first;

		FirstTokenLane(Target target, Window window, CountDownLatch done) {
			this.target = target;
			this.window = window;
			this.done = done;
		}

		void next() {
			long now = System.nanoTime();
			if (now >= this.window.end) {
				this.done.countDown();
				return;
			}
			synchronized (this) {
				this.start = now;
				this.firstToken = 0;
				this.first = false;
			}
			this.target.stream(this);
		}

		@Override
		public synchronized void content(String text) {
			if (this.firstToken == 0) {
				this.firstToken = System.nanoTime();
				this.first = text.startsWith(MockServerMain.delta(0));
			}
		}

		@Override
		public void complete() {
			boolean ok;
			long ttft;
			synchronized (this) {
				ok = this.firstToken != 0 && this.first;
				ttft = this.firstToken - this.start;
			}
			this.window.streamEnded(System.nanoTime(), ttft, ok);
			next();
		}

		@Override
		public void error(Throwable error) {
			this.window.streamEnded(System.nanoTime(), 0, false);
			next();
		}

	}

	/**
	 * What the streams of one arm in one stream figure add up to.
	 */
	private static final class StreamFigure {

		final int count;

		final Recorder ttft = new Recorder(3);

		final Recorder gaps = new Recorder(3);

		final AtomicLong lost = new AtomicLong();

		final AtomicLong duplicated = new AtomicLong();

		final AtomicLong errors = new AtomicLong();

		final AtomicInteger completed = new AtomicInteger();

		StreamFigure(int count) {
			this.count = count;
		}

	}

	/**
	 * Checks one stream's deltas arrive once each and in order, and times them.
	 */
	private static final class StreamCheck implements Target.StreamSink {

		private final long start;

		private final StreamFigure figure;

		private final CountDownLatch done;

		private int expected;

		private long last;

		private boolean ended;

		StreamCheck(long start, StreamFigure figure, CountDownLatch done) {
			this.start = start;
			this.figure = figure;
			this.done = done;
		}

		@Override
		public synchronized void content(String text) {
			long now = System.nanoTime();
			if (this.last == 0) {
				this.figure.ttft.recordValue(now - this.start);
			}
			else {
				this.figure.gaps.recordValue(now - this.last);
			}
			this.last = now;
			for (String token : text.split(" ")) {
				if (token.isEmpty()) {
					continue;
				}
				int index = Integer.parseInt(token.substring(1));
				if (index < this.expected) {
					this.figure.duplicated.incrementAndGet();
				}
				else {
					this.figure.lost.addAndGet(index - this.expected);
					this.expected = index + 1;
				}
			}
		}

		@Override
		public synchronized void complete() {
			if (!this.ended) {
				this.ended = true;
				this.figure.lost.addAndGet(MockServerMain.DELTAS - this.expected);
				this.figure.completed.incrementAndGet();
				this.done.countDown();
			}
		}

		@Override
		public synchronized void error(Throwable error) {
			if (!this.ended) {
				this.ended = true;
				this.figure.errors.incrementAndGet();
				this.done.countDown();
			}
		}

	}

	/**
	 * One closed-loop figure.
	 *
	 * @param calls calls that succeeded inside the window
	 * @param errors calls that failed inside the window
	 * @param seconds the window's length
	 * @param latency latencies of the calls that ended inside the window
	 * @param allocatedBytes bytes allocated over the whole figure by every thread, those
	 * that ended during it included ({@link HeapAllocation})
	 * @param liveThreadBytes the same, counted by the threads alive at the figure's end
	 * only (the measure of earlier runs; it misses threads started and ended per call)
	 * @param allCalls every call of the figure, ramp and tail included
	 */
	record Load(long calls, long errors, double seconds, Histogram latency, long allocatedBytes, long liveThreadBytes,
			long allCalls) {

		double throughput() {
			return this.calls / this.seconds;
		}

		/**
		 * This figure and another of the same arm pooled: their calls, errors, time and
		 * allocation added, their latencies in one histogram.
		 */
		Load plus(Load other) {
			Histogram latency = this.latency.copy();
			latency.add(other.latency);
			return new Load(this.calls + other.calls, this.errors + other.errors, this.seconds + other.seconds, latency,
					this.allocatedBytes + other.allocatedBytes, this.liveThreadBytes + other.liveThreadBytes,
					this.allCalls + other.allCalls);
		}

		double allocatedPerCall() {
			return (double) this.allocatedBytes / Math.max(1, this.allCalls);
		}

		double liveThreadAllocatedPerCall() {
			return (double) this.liveThreadBytes / Math.max(1, this.allCalls);
		}

	}

	record StreamLoad(int started, int completed, long errors, long lost, long duplicated, long unfinished,
			double seconds, Histogram ttft, Histogram gaps) {
	}

	record Retained(double bytesPerCall, long inFlight) {
	}

}
