// Figures the benchmarks report from timing samples (in lib/ so that run-all.mjs does not run it as one).

/** The q-quantile of the samples by nearest rank (rounded down, at most the largest sample). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export const median = (values: readonly number[]) => quantile(values, 0.5);
export const p95 = (values: readonly number[]) => quantile(values, 0.95);
