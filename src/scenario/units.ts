/**
 * Human-friendly quantities in scenario files: durations like "30s", "15m", "24h", "7d", "250ms"
 * (a bare number is seconds). Parsed once at load time so the model only sees seconds.
 *
 * Units are case-sensitive and lower case: "5M" is an error, not 5 minutes (M reads as mega or
 * months elsewhere, and a silent guess is worse than a refusal).
 */
const UNIT_SECONDS: Record<string, number> = { us: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400 };

/** Parses "1.5h" / "250ms" / 30 into seconds; returns NaN for anything else. */
export function parseDuration(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return NaN;
  const m = /^\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*(us|ms|s|m|h|d)?\s*$/.exec(v);
  if (!m) return NaN;
  return Number(m[1]) * UNIT_SECONDS[m[2] ?? 's'];
}

/** Formats seconds compactly for tables: 0.0123 -> "12.3 ms", 95 -> "95.0 s", 7200 -> "2.00 h". */
export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return String(s);
  const a = Math.abs(s);
  if (a === 0) return '0 s';
  if (a < 1e-3) return `${(s * 1e6).toPrecision(3)} µs`;
  if (a < 1) return `${(s * 1e3).toPrecision(3)} ms`;
  if (a < 600) return `${s.toPrecision(3)} s`;
  if (a < 3 * 3600) return `${(s / 60).toPrecision(3)} min`;
  return `${(s / 3600).toPrecision(3)} h`;
}
