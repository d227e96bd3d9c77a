/** Small formatting helpers for the inbox. */
/**
 * Business minutes left (negative: overdue) in words: "3 h 59 min left", "4 h 0 min left",
 * "overdue by 12 min". The total is rounded to whole minutes before it is split into hours and
 * minutes, so 239.6 reads "4 h 0 min", never "3 h 60 min".
 */
export function timeLeft(minutes: number): string {
  const total = Math.round(Math.abs(minutes));
  const h = Math.floor(total / 60);
  const m = total % 60;
  const text = h ? `${h} h ${m} min` : `${m} min`;
  return minutes < 0 && total > 0 ? `overdue by ${text}` : `${text} left`;
}

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
export const when = (iso: string | null | undefined): string => (iso ? dateTime.format(new Date(iso)) : '—');

export function bytes(n: number): string {
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}
