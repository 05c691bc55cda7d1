package io.mediarelay.runtime.flows;

/**
 * What an operator wants to know about one flow: where it reads, where it writes, when it runs, whether it runs,
 * and how its failures stand: messages waiting on a durable retry (since when) and dead letters (an operator's).
 */
public record FlowInfo(String id, String source, String destination, String schedule, String state, String file,
                       int retrying, String retryingSince, int dead) {
}
