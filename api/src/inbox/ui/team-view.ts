/**
 * The admin's team table: every agent with role, status and live sessions, and per agent the
 * buttons "Disable"/"Enable" and "Sign out everywhere" (named with the agent, e.g. "Disable Sam").
 */
import { LitElement, html, css, nothing } from 'lit';
import { api, ApiError, type Agent } from './api.ts';
import { baseStyles } from './styles.ts';

export interface TeamMember extends Agent {
  disabled: boolean;
  sessions: number;
  lastSeenAt: string | null;
}

/** @fires helpway-changed - an agent was disabled, enabled or signed out */
export class HelpwayTeam extends LitElement {
  static styles = [
    baseStyles,
    css`
    table { width: 100%; border-collapse: collapse; background: #fff; }
    th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid #e3e7eb; vertical-align: middle; }
    .actions { display: flex; gap: .5rem; flex-wrap: wrap; }
    .disabled { color: #a40e26; font-weight: 600; }
  `,
  ];
  static properties = { me: { type: Number }, _team: { state: true }, _message: { state: true }, _busy: { state: true } };
  /** The signed-in admin's id: they cannot disable themselves. */
  declare me: number;
  declare _team: TeamMember[];
  declare _message: string;
  declare _busy: boolean;

  constructor() {
    super();
    this.me = 0;
    this._team = [];
    this._message = '';
    this._busy = false;
  }

  connectedCallback() {
    super.connectedCallback();
    void this.refresh();
  }

  async refresh() {
    try {
      this._team = (await api.get<{ agents: TeamMember[] }>('/api/admin/agents')).agents;
    } catch (error) {
      this._message = error instanceof ApiError ? error.message : 'Could not load the team.';
    }
  }

  async _act(member: TeamMember, action: 'disable' | 'enable' | 'revoke-sessions') {
    this._busy = true;
    try {
      const result = await api.post<{ signedOutSessions?: number }>(`/api/admin/agents/${member.id}/${action}`);
      const n = result.signedOutSessions ?? 0;
      const ended = `${n} session${n === 1 ? '' : 's'} ended`;
      this._message =
        action === 'disable'
          ? `${member.name} is disabled; ${ended}.`
          : action === 'enable'
            ? `${member.name} can sign in again.`
            : `${member.name} is signed out everywhere; ${ended}.`;
      await this.refresh();
      this.dispatchEvent(new CustomEvent('helpway-changed', { bubbles: true, composed: true }));
    } catch (error) {
      this._message = error instanceof ApiError ? error.message : 'Failed.';
    } finally {
      this._busy = false;
    }
  }

  render() {
    return html`<h2 id="team-title">Team</h2>
      <div role="status" aria-live="polite">${this._message}</div>
      <table aria-labelledby="team-title">
        <thead><tr><th scope="col">Name</th><th scope="col">Requesters see</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Sessions</th><th scope="col">Actions</th></tr></thead>
        <tbody>${this._team.map(
          (m) => html`<tr>
          <td>${m.name}${m.id === this.me ? ' (you)' : ''}</td>
          <td>${m.displayName}</td>
          <td>${m.email}</td>
          <td>${m.role}</td>
          <td>${m.disabled ? html`<span class="disabled">Disabled</span>` : 'Active'}</td>
          <td>${m.sessions}</td>
          <td><div class="actions">
            ${
              m.id === this.me
                ? nothing
                : m.disabled
                  ? html`<button class="secondary" ?disabled=${this._busy} aria-label="Enable ${m.name}" @click=${() => this._act(m, 'enable')}>Enable</button>`
                  : html`<button class="secondary" ?disabled=${this._busy} aria-label="Disable ${m.name}" @click=${() => this._act(m, 'disable')}>Disable</button>`
            }
            ${m.sessions ? html`<button class="secondary" ?disabled=${this._busy} aria-label="Sign out everywhere (${m.name})" @click=${() => this._act(m, 'revoke-sessions')}>Sign out everywhere</button>` : nothing}
          </div></td></tr>`,
        )}</tbody>
      </table>`;
  }
}

if (!customElements.get('helpway-team')) customElements.define('helpway-team', HelpwayTeam);

declare global {
  interface HTMLElementTagNameMap {
    'helpway-team': HelpwayTeam;
  }
}
