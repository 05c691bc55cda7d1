package io.mediarelay.runtime.flows;

/** What an operator wants to know about one flow: where it reads, where it writes, when it runs, whether it runs. */
public record FlowInfo(String id, String source, String destination, String schedule, String state, String file) {
}
