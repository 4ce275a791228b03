package io.streamcast.records;

/**
 * A champion model on the broadcast: serialized {@code LstmWeights}, its version (rising by one),
 * and the event time from which it applies. A forecaster uses, for a bar, the newest model whose
 * {@code effectiveFrom} is at or before the bar's end, which makes the choice independent of
 * when the broadcast element happens to arrive.
 */
public record ModelUpdate(long version, long effectiveFrom, byte[] weights) {}
