package io.mediarelay.runtime;

import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.quartz.SchedulerConfigException;
import org.quartz.spi.ThreadPool;

/**
 * The threads Quartz runs fired cron triggers on (bound by {@code mediarelay-quartz.properties}, which camel-quartz
 * loads): at most {@code threadCount} jobs at a time, a thread started when a trigger fires and ended after a minute
 * without work.
 *
 * <p>Why not Quartz's own {@code SimpleThreadPool}: its workers wait for work in {@code wait(500)}, so the default 10
 * of them wake 20 times a second for the life of the process although the crons of a flow fire every few minutes
 * (191 ms of CPU a minute in {@code bench/idle.sh}, the largest single cost of an idle runtime). A JDK pool that keeps
 * no idle thread costs nothing between fires.
 */
public final class QuartzWorkers implements ThreadPool {

    private static final long IDLE_SECONDS = 60;

    private int threadCount = 4;
    private String instanceName = "quartz";
    private Semaphore free;
    private ThreadPoolExecutor executor;

    /** Set by Quartz from {@code org.quartz.threadPool.threadCount}. */
    public void setThreadCount(int threadCount) {
        this.threadCount = threadCount;
    }

    @Override
    public void initialize() throws SchedulerConfigException {
        if (threadCount < 1) {
            throw new SchedulerConfigException("org.quartz.threadPool.threadCount must be at least 1, was " + threadCount);
        }
        free = new Semaphore(threadCount);
        // Jobs load classes of routes and beans: a worker keeps the class loader of the thread that started Quartz.
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        AtomicInteger number = new AtomicInteger();
        // The semaphore bounds the jobs; the executor itself is unbounded, so a job handed over while the thread that
        // just released its permit is still on its way back to the pool starts a thread instead of being refused.
        executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, instanceName + "_Worker-" + number.incrementAndGet());
            thread.setDaemon(false);
            thread.setContextClassLoader(loader);
            return thread;
        });
    }

    /** Quartz calls this before it takes the next triggers: returns once a thread is free, with how many are. */
    @Override
    public int blockForAvailableThreads() {
        try {
            free.acquire();
            free.release();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        return free.availablePermits();
    }

    @Override
    public boolean runInThread(Runnable job) {
        if (job == null || executor.isShutdown() || !free.tryAcquire()) {
            return false;
        }
        try {
            executor.execute(() -> {
                try {
                    job.run();
                } finally {
                    free.release();
                }
            });
            return true;
        } catch (RuntimeException rejected) {
            free.release();
            return false;
        }
    }

    @Override
    public void shutdown(boolean waitForJobsToComplete) {
        if (executor == null) {
            return;
        }
        if (!waitForJobsToComplete) {
            executor.shutdownNow();
            return;
        }
        executor.shutdown();
        try {
            executor.awaitTermination(Long.MAX_VALUE, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int getPoolSize() {
        return threadCount;
    }

    @Override
    public void setInstanceId(String instanceId) {
        // threads are named by the scheduler's instance name; the id adds nothing for a single scheduler per process
    }

    @Override
    public void setInstanceName(String instanceName) {
        this.instanceName = instanceName;
    }
}
