/** Trading calendar for Indian index options: IST dates, market hours, weekly and monthly expiries (pure). */

/** IST is UTC+05:30 all year (no daylight saving). */
export const IST_OFFSET_MS = 330 * 60 * 1000;

export type ExpiryRule = 'this_week' | 'next_week' | 'this_month' | 'next_month';
export const EXPIRY_RULES: readonly ExpiryRule[] = ['this_week', 'next_week', 'this_month', 'next_month'];

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of the IST calendar day containing `epochMs`. */
export function istDate(epochMs: number): string {
  return new Date(epochMs + IST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Epoch ms of `date` (YYYY-MM-DD) at `hh:mm` IST. */
export function istTime(date: string, hh: number, mm: number): number {
  return Date.parse(`${date}T00:00:00Z`) - IST_OFFSET_MS + (hh * 60 + mm) * 60_000;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export interface CalendarOptions {
  /** Holidays as YYYY-MM-DD (exchange closed; an expiry falling on one moves to the previous trading day). */
  holidays: readonly string[];
}

/** Trading day: Monday to Friday and not a holiday. */
export function isTradingDay(date: string, cal: CalendarOptions): boolean {
  const wd = weekday(date);
  return wd !== 0 && wd !== 6 && !cal.holidays.includes(date);
}

function previousTradingDay(date: string, cal: CalendarOptions): string {
  let d = date;
  for (let i = 0; i < 10 && !isTradingDay(d, cal); i++) d = addDays(d, -1);
  return d;
}

/** Regular session 09:15–15:30 IST on trading days. */
export function isMarketOpen(epochMs: number, cal: CalendarOptions): boolean {
  const date = istDate(epochMs);
  if (!isTradingDay(date, cal)) return false;
  return epochMs >= istTime(date, 9, 15) && epochMs < istTime(date, 15, 30);
}

/** Expiry instant: 15:30 IST on the expiry date. */
export function expiryInstant(date: string): number {
  return istTime(date, 15, 30);
}

/** Days (fractional) from `epochMs` to the expiry instant of `date`; negative once expired. */
export function daysToExpiry(epochMs: number, date: string): number {
  return (expiryInstant(date) - epochMs) / DAY_MS;
}

/** Last `wd` weekday of the month containing `date`, holiday-adjusted. */
function monthlyExpiry(year: number, month: number, wd: number, cal: CalendarOptions): string {
  const last = new Date(Date.UTC(year, month + 1, 0));
  const back = (last.getUTCDay() - wd + 7) % 7;
  const d = new Date(last.getTime() - back * DAY_MS).toISOString().slice(0, 10);
  return previousTradingDay(d, cal);
}

export interface ExpirySchedule {
  /** ISO weekday 0=Sunday…6=Saturday of the weekly (and monthly) expiry. */
  weekday: number;
  /** Whether weekly contracts are listed; monthly contracts always are. */
  weekly: boolean;
}

/**
 * Expiry dates listed on `today` (IST date), ascending: the next `weeklyCount` weeklies (when
 * listed) and the next `monthlyCount` monthlies, deduplicated. An expiry date equal to today is
 * still listed (it expires at 15:30).
 */
export function listedExpiries(today: string, sched: ExpirySchedule, cal: CalendarOptions, weeklyCount = 2, monthlyCount = 3): string[] {
  const out = new Set<string>();
  if (sched.weekly) {
    let d = today;
    const ahead = (sched.weekday - weekday(d) + 7) % 7;
    d = addDays(d, ahead);
    let n = 0;
    for (let i = 0; n < weeklyCount && i < 10; i++, d = addDays(d, 7)) {
      const adj = previousTradingDay(d, cal);
      if (adj >= today) {
        out.add(adj);
        n++;
      }
    }
  }
  const [y, m] = today.split('-').map(Number) as [number, number];
  let n = 0;
  for (let k = 0; n < monthlyCount && k < 6; k++) {
    const e = monthlyExpiry(y, m - 1 + k, sched.weekday, cal);
    if (e >= today) {
      out.add(e);
      n++;
    }
  }
  return [...out].sort();
}

/** True when `date` is the monthly expiry of its month for this schedule. */
export function isMonthlyExpiry(date: string, sched: ExpirySchedule, cal: CalendarOptions): boolean {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return monthlyExpiry(y, m - 1, sched.weekday, cal) === date;
}

/**
 * Map each rule to a listed expiry date: this_week = nearest, next_week = second nearest,
 * this_month = first monthly expiry, next_month = the monthly after it. A rule with no
 * matching listed date is absent from the result (the pipeline records it as an abort).
 */
export function resolveExpiryRules(
  listed: readonly string[],
  sched: ExpirySchedule,
  cal: CalendarOptions,
): Partial<Record<ExpiryRule, string>> {
  const sorted = [...listed].sort();
  const monthlies = sorted.filter((d) => isMonthlyExpiry(d, sched, cal));
  const out: Partial<Record<ExpiryRule, string>> = {};
  if (sorted[0]) out.this_week = sorted[0];
  if (sorted[1]) out.next_week = sorted[1];
  if (monthlies[0]) out.this_month = monthlies[0];
  if (monthlies[1]) out.next_month = monthlies[1];
  return out;
}
