/** Small formatting helpers for the inbox. */
export function timeLeft(minutes: number): string {
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  const m = Math.round(abs % 60);
  const text = h ? `${h} h ${m} min` : `${m} min`;
  return minutes < 0 ? `${text} overdue` : `${text} left`;
}

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
export const when = (iso: string | null | undefined): string => (iso ? dateTime.format(new Date(iso)) : '—');

export function bytes(n: number): string {
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}
