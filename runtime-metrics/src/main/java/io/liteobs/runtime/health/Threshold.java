package io.liteobs.runtime.health;

/**
 * When an indicator starts to cost health points and how many: nothing up to {@code threshold}, then a penalty
 * growing linearly to {@code weight} points at {@code saturation}, and {@code weight} beyond.
 *
 * <pre>{@code
 * penalty = weight * min(1, (value - threshold) / (saturation - threshold))     when value > threshold
 * }</pre>
 *
 * @param threshold  the value above which the indicator is a bottleneck
 * @param saturation the value at which the penalty reaches {@code weight}; above {@code threshold}
 * @param weight     the most points the indicator can take off the score of 100; 0 turns it off
 */
public record Threshold(double threshold, double saturation, double weight) {

    /**
     * @param threshold the value above which the indicator is a bottleneck
     * @param saturation the value at which the penalty reaches {@code weight}; above {@code threshold}
     * @param weight the most points the indicator can take off the score of 100; 0 turns it off
     * @throws IllegalArgumentException naming the parameter when a value is not finite, the weight is negative
     *                                  or the saturation is not above the threshold
     */
    public Threshold {
        if (!Double.isFinite(threshold) || threshold < 0) {
            throw new IllegalArgumentException("threshold must be finite and not negative, got " + threshold);
        }
        if (!Double.isFinite(saturation) || saturation <= threshold) {
            throw new IllegalArgumentException("saturation must be above the threshold " + threshold + ", got "
                    + saturation);
        }
        if (!Double.isFinite(weight) || weight < 0) {
            throw new IllegalArgumentException("weight must be finite and not negative, got " + weight);
        }
    }

    /**
     * The points {@code value} costs: 0 up to the threshold, {@code weight} from the saturation on.
     *
     * @param value the indicator's figure
     * @return the points {@code value} costs
     */
    public double penalty(double value) {
        if (!(value > threshold)) {
            return 0;
        }
        return weight * Math.min(1, (value - threshold) / (saturation - threshold));
    }

    /**
     * A copy with another weight.
     *
     * @param newWeight the most points the indicator can take off the score of 100; 0 turns it off
     * @return a copy with another weight
     */
    public Threshold withWeight(double newWeight) {
        return new Threshold(threshold, saturation, newWeight);
    }
}
