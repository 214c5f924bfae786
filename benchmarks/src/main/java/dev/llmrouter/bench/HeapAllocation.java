package dev.llmrouter.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * The bytes the whole JVM has allocated: the heap in use now plus everything the
 * collections so far have freed. Unlike the sum of each live thread's allocation counter,
 * this counts the allocations of threads that have ended — a client that starts a thread
 * per call (LangChain4j's streaming model does) would otherwise look as if its calls
 * allocated almost nothing. It counts a thread-local allocation buffer as allocated when
 * it is handed out, a bound of a few megabytes over a figure of gigabytes. Exact with a
 * stop-the-world collector (the benchmark runs Parallel GC).
 *
 * @author llm-router
 */
final class HeapAllocation {

	private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

	private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();

	private static final AtomicLong FREED = new AtomicLong();

	private static final AtomicLong SEEN = new AtomicLong();

	/** Collections before the listeners were there. */
	private static final long BEFORE;

	static {
		for (GarbageCollectorMXBean collector : COLLECTORS) {
			((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
				if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
					GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
						.from((CompositeData) notification.getUserData());
					FREED.addAndGet(used(info.getGcInfo().getMemoryUsageBeforeGc())
							- used(info.getGcInfo().getMemoryUsageAfterGc()));
					SEEN.incrementAndGet();
				}
			}, null, null);
		}
		BEFORE = collections();
	}

	private HeapAllocation() {
	}

	/**
	 * The bytes allocated since this class was loaded (and the heap in use then), give or
	 * take the allocation buffers handed out and not yet filled.
	 * @return the bytes
	 */
	static long total() {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
		while (true) {
			long collections = collections();
			// a collection's notification comes from another thread, a little after it
			while (BEFORE + SEEN.get() < collections && System.nanoTime() < deadline) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
			}
			long freed = FREED.get();
			long used = MEMORY.getHeapMemoryUsage().getUsed();
			if (collections() == collections || System.nanoTime() >= deadline) {
				return freed + used;
			}
		}
	}

	private static long collections() {
		long count = 0;
		for (GarbageCollectorMXBean collector : COLLECTORS) {
			count += Math.max(0, collector.getCollectionCount());
		}
		return count;
	}

	private static long used(Map<String, MemoryUsage> pools) {
		long used = 0;
		for (MemoryUsage usage : pools.values()) {
			used += usage.getUsed();
		}
		return used;
	}

}
