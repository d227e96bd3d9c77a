/**
 * `<helpway-reports>`: the Reports page (#/reports). A period (the last 90 days unless changed),
 * a site and a plan; then four charts, each with its table and the table's CSV: SLA achievement per
 * week, the self-service funnel (when the server has that report), ticket volume and backlog per
 * day, and each site's budget burn-down with links to its monthly statements. The table and an
 * aria-label summary are each chart's text alternative. Loaded on demand (main.ts imports it when
 * the page is opened), so the chart library is in this page's chunk only.
 */
import { LitElement, html, css, nothing, type PropertyValues } from 'lit';
import type uPlot from 'uplot';
import { api, errorText } from './api.ts';
import { baseStyles } from './styles.ts';
import { chartStyles, drawChart, type ChartSpec, type Palette } from './report-charts.ts';
import {
  burnDown,
  burnDownSummary,
  funnelSummary,
  slaSummary,
  slaWeeks,
  volumeSummary,
  type BurnDown,
  type FunnelReport,
  type SlaWeek,
} from './report-series.ts';
import type { BudgetReport, SlaReport, VolumeReport } from '../../reports/shapes.ts';

const DAY_MS = 86_400_000;
const isoDay = (at: number): string => new Date(at).toISOString().slice(0, 10);
const dayToSeconds = (date: string): number => Date.parse(`${date}T00:00:00.000Z`) / 1000;

const LIGHT: Palette = { text: '#17202a', grid: '#d8dde3', series: ['#1b5fc1', '#a40e26', '#2e7d32', '#8a5a00', '#6b3fa0'] };
const DARK: Palette = { text: '#e8ecf0', grid: '#3b4652', series: ['#8ab4ff', '#ff8a9a', '#7ed287', '#f0c060', '#c9a7ff'] };
/** Solid, dashed, dotted: the legend's swatches (.dash1, .dash2) in the same order. */
const DASHES = [undefined, [6, 4], [2, 3]];

interface Filters {
  from: string;
  to: string;
  site: string;
  plan: string;
}

export class HelpwayReports extends LitElement {
  static styles = [
    baseStyles,
    chartStyles,
    css`
    :host { --panel: #fff; --line: #e3e7eb; }
    .filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin-bottom: 1rem; }
    .card { background: var(--panel); }
    table { width: 100%; border-collapse: collapse; margin: .5rem 0; }
    th, td { text-align: left; padding: .3rem .45rem; border-bottom: 1px solid var(--line); }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    .chart { width: 100%; min-height: 240px; margin: .5rem 0; }
    .legend { display: flex; flex-wrap: wrap; gap: 1rem; margin: 0; padding: 0; list-style: none; font-size: .875rem; }
    .swatch { display: inline-block; width: 1.6rem; height: 0; border-top: 3px solid; vertical-align: middle; margin-right: .3rem; }
    .swatch.dash1 { border-top-style: dashed; } .swatch.dash2 { border-top-style: dotted; }
    .s0 { border-color: #1b5fc1; } .s1 { border-color: #a40e26; } .s2 { border-color: #2e7d32; } .s3 { border-color: #8a5a00; } .s4 { border-color: #6b3fa0; }
    .scroll { max-height: 20rem; overflow: auto; }
    .links a { margin-right: .6rem; white-space: nowrap; }
    @media (prefers-color-scheme: dark) {
      :host { --panel: #1d232b; --line: #3b4652; color: #e8ecf0; background: #14181d; padding: 1rem; border-radius: 6px; }
      .card { border-color: #3b4652; }
      a { color: #8ab4ff; }
      .muted { color: #b8c2cc; }
      .s0 { border-color: #8ab4ff; } .s1 { border-color: #ff8a9a; } .s2 { border-color: #7ed287; } .s3 { border-color: #f0c060; } .s4 { border-color: #c9a7ff; }
      input, select { background: #1d232b; color: #e8ecf0; border-color: #8a96a3; color-scheme: dark; }
    }
    @media print {
      :host { --panel: #fff; --line: #999; color: #000; background: #fff; padding: 0; }
      .filters, .csv, .links { display: none; }
      .card { border: 0; padding: 0; break-inside: avoid; }
      .scroll { max-height: none; overflow: visible; }
      a { color: inherit; }
      .s0 { border-color: #1b5fc1; } .s1 { border-color: #a40e26; } .s2 { border-color: #2e7d32; } .s3 { border-color: #8a5a00; } .s4 { border-color: #6b3fa0; }
    }
  `,
  ];
  static properties = {
    _filters: { state: true },
    _sites: { state: true },
    _sla: { state: true },
    _volume: { state: true },
    _budget: { state: true },
    _funnel: { state: true },
    _message: { state: true },
  };
  declare _filters: Filters;
  declare _sites: Array<{ site: string; name: string; plan: string }>;
  declare _sla: SlaReport | null;
  declare _volume: VolumeReport | null;
  declare _budget: BudgetReport | null;
  declare _funnel: FunnelReport | null;
  declare _message: string;
  #charts: uPlot[] = [];
  #media = [matchMedia('(prefers-color-scheme: dark)'), matchMedia('print')];
  #redraw = () => this.#draw();

  constructor() {
    super();
    const now = Date.now();
    this._filters = { from: isoDay(now - 89 * DAY_MS), to: isoDay(now), site: '', plan: '' };
    this._sites = [];
    this._sla = null;
    this._volume = null;
    this._budget = null;
    this._funnel = null;
    this._message = '';
  }

  connectedCallback() {
    super.connectedCallback();
    for (const m of this.#media) m.addEventListener('change', this.#redraw);
    void this.#load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    for (const m of this.#media) m.removeEventListener('change', this.#redraw);
    for (const c of this.#charts) c.destroy();
    this.#charts = [];
  }

  #query(extra: Record<string, string> = {}): string {
    const { from, to, site, plan } = this._filters;
    const q = new URLSearchParams({ from, to, ...(site ? { site } : {}), ...(plan ? { plan } : {}), ...extra });
    return q.toString();
  }

  #csv(report: string, table: string): string {
    return `/api/reports/${report}?${this.#query({ format: 'csv', table })}`;
  }

  async #load() {
    this._message = 'Loading…';
    try {
      const [sla, volume, budget, funnel] = await Promise.all([
        api.get<SlaReport>(`/api/reports/sla?${this.#query()}`),
        api.get<VolumeReport>(`/api/reports/volume?${this.#query()}`),
        api.get<BudgetReport>(`/api/reports/budget?${this.#query()}`),
        api.get<FunnelReport>(`/api/reports/funnel?${this.#query()}`),
      ]);
      // The site and plan choices: every site the first, unfiltered answer lists.
      if (!this._sites.length && !this._filters.site && !this._filters.plan)
        this._sites = budget.sites.map((s) => ({ site: s.site, name: s.name, plan: s.plan }));
      Object.assign(this, { _sla: sla, _volume: volume, _budget: budget, _funnel: funnel });
      this._message = `Showing ${this._filters.from} to ${this._filters.to}.`;
    } catch (error) {
      this._message = errorText(error, 'The reports could not be loaded.');
    }
  }

  #onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const get = (name: string) => String(data.get(name) ?? '');
    this._filters = { from: get('from'), to: get('to'), site: get('site'), plan: get('plan') };
    void this.#load();
  }

  protected updated(changed: PropertyValues) {
    if (changed.has('_sla') || changed.has('_volume') || changed.has('_budget') || changed.has('_funnel')) this.#draw();
  }

  #palette(): Palette {
    return this.#media[0].matches && !this.#media[1].matches ? DARK : LIGHT;
  }

  #draw() {
    for (const c of this.#charts) c.destroy();
    this.#charts = [];
    const palette = this.#palette();
    const draw = (id: string, spec: ChartSpec | null) => {
      const el = this.renderRoot.querySelector<HTMLElement>(`#${id}`);
      if (el && spec) this.#charts.push(drawChart(el, spec, palette));
    };
    if (this._sla) {
      const weeks = slaWeeks(this._sla);
      draw('chart-sla', {
        x: weeks.map((_, i) => i),
        labels: weeks.map((w) => w.week),
        yLabel: '% met',
        yRange: [0, 100],
        series: [
          { label: 'First response met %', kind: 'line', values: weeks.map((w) => w.firstResponse.percent) },
          { label: 'Resolution met %', kind: 'line', dash: DASHES[1], values: weeks.map((w) => w.resolution.percent) },
        ],
      });
    }
    if (this._funnel) {
      const steps = this._funnel.steps;
      draw('chart-funnel', {
        x: steps.map((_, i) => i),
        labels: steps.map((s) => s.step),
        yLabel: 'Sessions',
        series: [{ label: 'Sessions', kind: 'bars', values: steps.map((s) => s.sessions) }],
      });
    }
    if (this._volume) {
      const days = this._volume.days;
      draw('chart-volume', {
        x: days.map((d) => dayToSeconds(d.date)),
        yLabel: 'Tickets',
        series: [
          { label: 'Tickets filed', kind: 'bars', values: days.map((d) => d.tickets) },
          { label: 'Backlog', kind: 'line', dash: DASHES[1], values: days.map((d) => d.backlog) },
        ],
      });
    }
    if (this._budget) {
      const burn = burnDown(this._budget);
      draw('chart-budget', {
        x: burn.months.map((_, i) => i),
        labels: burn.months,
        yLabel: 'Hours left',
        series: burn.sites.map((s, i) => ({ label: s.name, kind: 'line' as const, dash: DASHES[i % DASHES.length], values: s.remaining })),
      });
    }
  }

  render() {
    const f = this._filters;
    const plans = [...new Set(this._sites.map((s) => s.plan))].sort();
    return html`<h1>Reports</h1>
      <form class="filters" @submit=${this.#onSubmit}>
        <div><label for="r-from">From</label><input id="r-from" name="from" type="date" required .value=${f.from} /></div>
        <div><label for="r-to">To</label><input id="r-to" name="to" type="date" required .value=${f.to} /></div>
        <div><label for="r-site">Site</label><select id="r-site" name="site">
          <option value="" ?selected=${!f.site}>All sites</option>
          ${this._sites.map((s) => html`<option value=${s.site} ?selected=${s.site === f.site}>${s.name}</option>`)}
        </select></div>
        <div><label for="r-plan">Plan</label><select id="r-plan" name="plan">
          <option value="" ?selected=${!f.plan}>All plans</option>
          ${plans.map((p) => html`<option value=${p} ?selected=${p === f.plan}>${p}</option>`)}
        </select></div>
        <button type="submit">Show reports</button>
      </form>
      <p role="status" aria-live="polite" class="muted">${this._message}</p>
      ${this.#slaSection()} ${this.#funnelSection()} ${this.#volumeSection()} ${this.#budgetSection()}`;
  }

  #legend(labels: string[]) {
    return html`<ul class="legend">${labels.map(
      (label, i) => html`<li><span class="swatch s${i % 5} ${i % 3 ? `dash${i % 3}` : ''}"></span>${label}</li>`,
    )}</ul>`;
  }

  #chart(id: string, summary: string) {
    return html`<div class="chart" id=${id} role="img" aria-label=${summary}></div>`;
  }

  #csvLink(report: string, table: string, what: string) {
    return html`<p class="csv"><a href=${this.#csv(report, table)} download>Download ${what} (CSV)</a></p>`;
  }

  #slaSection() {
    if (!this._sla) return nothing;
    const weeks: SlaWeek[] = slaWeeks(this._sla);
    const pct = (n: number | null) => (n === null ? '—' : `${n}%`);
    return html`<section class="card" aria-labelledby="sla-title">
      <h2 id="sla-title">SLA achievement per week</h2>
      ${this.#legend(['First response met %', 'Resolution met %'])}
      ${this.#chart('chart-sla', slaSummary(weeks))}
      <table aria-labelledby="sla-title" data-table="sla">
        <thead><tr><th scope="col">Week</th><th scope="col" class="num">Tickets</th><th scope="col" class="num">First response met</th><th scope="col" class="num">Missed</th><th scope="col" class="num">Pending</th><th scope="col" class="num">First response met %</th><th scope="col" class="num">Resolution met</th><th scope="col" class="num">Missed</th><th scope="col" class="num">Pending</th><th scope="col" class="num">Resolution met %</th></tr></thead>
        <tbody>${weeks.map(
          (w) =>
            html`<tr><th scope="row">${w.week}</th><td class="num">${w.tickets}</td><td class="num">${w.firstResponse.met}</td><td class="num">${w.firstResponse.missed}</td><td class="num">${w.firstResponse.pending}</td><td class="num">${pct(w.firstResponse.percent)}</td><td class="num">${w.resolution.met}</td><td class="num">${w.resolution.missed}</td><td class="num">${w.resolution.pending}</td><td class="num">${pct(w.resolution.percent)}</td></tr>`,
        )}</tbody>
      </table>
      ${this.#csvLink('sla', 'weeks', 'SLA per week and severity')}
    </section>`;
  }

  #funnelSection() {
    const funnel = this._funnel;
    if (!funnel) return nothing;
    const first = funnel.steps[0]?.sessions ?? 0;
    return html`<section class="card" aria-labelledby="funnel-title">
      <h2 id="funnel-title">Self-service funnel</h2>
      ${this.#chart('chart-funnel', funnelSummary(funnel))}
      <table aria-labelledby="funnel-title" data-table="funnel">
        <thead><tr><th scope="col">Step</th><th scope="col" class="num">Sessions</th><th scope="col" class="num">Of all sessions</th></tr></thead>
        <tbody>${funnel.steps.map(
          (s) =>
            html`<tr><th scope="row">${s.step}</th><td class="num">${s.sessions}</td><td class="num">${first ? `${Math.round((s.sessions / first) * 1000) / 10}%` : '—'}</td></tr>`,
        )}</tbody>
      </table>
      <p>Self-served (read an article, no ticket within 24 hours): ${funnel.selfService.selfServed} of ${funnel.selfService.sessions} sessions${funnel.selfService.rate === null ? '' : ` (${Math.round(funnel.selfService.rate * 1000) / 10}%)`}.</p>
      ${this.#csvLink('funnel', 'steps', 'funnel steps')}
    </section>`;
  }

  #volumeSection() {
    if (!this._volume) return nothing;
    const days = this._volume.days;
    return html`<section class="card" aria-labelledby="volume-title">
      <h2 id="volume-title">Ticket volume and backlog</h2>
      ${this.#legend(['Tickets filed', 'Backlog at day end'])}
      ${this.#chart('chart-volume', volumeSummary(days))}
      <p>${this._volume.total} tickets filed in the period.</p>
      <div class="scroll" tabindex="0" role="region" aria-label="Ticket volume per day">
        <table aria-labelledby="volume-title" data-table="volume">
          <thead><tr><th scope="col">Date</th><th scope="col" class="num">Tickets filed</th><th scope="col" class="num">Backlog</th></tr></thead>
          <tbody>${days.map((d) => html`<tr><th scope="row">${d.date}</th><td class="num">${d.tickets}</td><td class="num">${d.backlog}</td></tr>`)}</tbody>
        </table>
      </div>
      ${this.#csvLink('volume', 'days', 'volume per day')} ${this.#csvLink('volume', 'breakdown', 'volume by type, severity, channel and site')}
    </section>`;
  }

  #budgetSection() {
    const budget = this._budget;
    if (!budget) return nothing;
    const burn: BurnDown = burnDown(budget);
    const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: budget.currency });
    const now = new Date().toISOString().slice(0, 7);
    const statementMonths = burn.months
      .filter((m) => m <= now)
      .reverse()
      .slice(0, 12);
    return html`<section class="card" aria-labelledby="budget-title">
      <h2 id="budget-title">Budget burn-down</h2>
      ${this.#legend(burn.sites.map((s) => s.name))}
      ${this.#chart('chart-budget', burnDownSummary(burn))}
      <table aria-label="Hours remaining at each month's end" data-table="burn">
        <thead><tr><th scope="col">Month</th>${burn.sites.map((s) => html`<th scope="col" class="num">${s.name}</th>`)}</tr></thead>
        <tbody>${burn.months.map((m, i) => html`<tr><th scope="row">${m}</th>${burn.sites.map((s) => html`<td class="num">${s.remaining[i]}</td>`)}</tr>`)}</tbody>
      </table>
      <table aria-label="Budget per site at the period's end" data-table="budget">
        <thead><tr><th scope="col">Site</th><th scope="col" class="num">Hours bought</th><th scope="col" class="num">Used</th><th scope="col" class="num">Remaining</th><th scope="col" class="num">Cost</th><th scope="col">Runs out</th><th scope="col">Monthly statements</th></tr></thead>
        <tbody>${budget.sites.map(
          (s) =>
            html`<tr><th scope="row">${s.name}</th><td class="num">${s.budgetHours}</td><td class="num">${s.usedHours}</td><td class="num">${s.remainingHours}</td><td class="num">${money.format(s.cost)}</td><td>${s.runsOutOn ?? '—'}</td>
            <td class="links">${statementMonths.map(
              (m) =>
                html`<a href="/api/reports/budget/statement?${new URLSearchParams({ site: s.site, month: m })}" aria-label="Budget statement ${s.name} ${m}">${m}</a>`,
            )}</td></tr>`,
        )}</tbody>
      </table>
      ${this.#csvLink('budget', 'sites', 'budget per site')} ${this.#csvLink('budget', 'months', 'burn per month')}
    </section>`;
  }
}

if (!customElements.get('helpway-reports')) customElements.define('helpway-reports', HelpwayReports);

declare global {
  interface HTMLElementTagNameMap {
    'helpway-reports': HelpwayReports;
  }
}
