import { discreteLaplaceAlpha, NOISE_SENSITIVITY_UNITS } from "../../../lib/report/noise";

/** Variance of the discrete Laplace at ε, in units²: 2α / (1 − α)². */
export function discreteLaplaceVariance(epsilon: number, sensitivity = NOISE_SENSITIVITY_UNITS): number {
  const alpha = discreteLaplaceAlpha(epsilon, sensitivity);
  return (2 * alpha) / (1 - alpha) ** 2;
}
