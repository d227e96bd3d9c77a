/**
 * What the user searched, for the support team's search analytics and for the ticket's journey:
 * a search is reported once typing pauses (not at each keystroke), or at once when one of its
 * results is opened, naming it.
 */
import type { Journey } from './panel-host.ts';

const REPORT_AFTER_MS = 1500;
/** The journey keeps the last searches only. */
const KEEP = 20;

export interface SearchReport {
  query: string;
  resultCount: number;
  clickedSlug?: string;
}

export class SearchReports {
  #journey: Journey;
  #send: (report: SearchReport) => void;
  #pending: SearchReport | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(journey: Journey, send: (report: SearchReport) => void) {
    this.#journey = journey;
    this.#send = send;
  }

  searched(query: string, resultCount: number): void {
    this.#pending = { query, resultCount };
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.flush(), REPORT_AFTER_MS);
  }

  /** Reports the pending search now (the panel closing, or `clickedSlug` opened from its results). */
  flush(clickedSlug?: string): void {
    clearTimeout(this.#timer);
    const report = this.#pending;
    this.#pending = null;
    if (!report) return;
    const searches = this.#journey.searches;
    if (searches[searches.length - 1] !== report.query) searches.push(report.query);
    if (searches.length > KEEP) searches.shift();
    this.#send({ ...report, clickedSlug });
  }
}
