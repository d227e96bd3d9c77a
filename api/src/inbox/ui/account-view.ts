/**
 * The agent's own account (#/account): who they are; "Profile", the display name requesters see
 * (chat, mails, status page, portal) with its initials as the avatar; and "Change password"
 * (current password, the new one twice). Changing it signs out every other session and keeps this one.
 *
 * @fires helpway-agent-changed - the profile was saved; detail: the agent as now
 */
import { LitElement, html, css, nothing } from 'lit';
import { api, ApiError, type Agent } from './api.ts';
import { baseStyles } from './styles.ts';
import { passwordProblem } from './password-rules.ts';

export class HelpwayAccount extends LitElement {
  static styles = [
    baseStyles,
    css`
    form { max-width: 26rem; }
    .field { margin-bottom: .8rem; } input { width: 100%; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0 0 1rem; } dt { font-weight: 600; } dd { margin: 0; }
    .preview { display: flex; align-items: center; gap: .6rem; margin: 0 0 .8rem; }
    .avatar { display: inline-grid; place-items: center; width: 2.2rem; height: 2.2rem; border-radius: 50%; background: #1b5fc1; color: #fff; font-weight: 600; }
  `,
  ];
  static properties = {
    agent: { attribute: false },
    _error: { state: true },
    _done: { state: true },
    _busy: { state: true },
    _profileError: { state: true },
    _profileDone: { state: true },
  };
  /** The signed-in agent. */
  declare agent: Agent | null;
  declare _error: string;
  declare _done: string;
  declare _busy: boolean;
  declare _profileError: string;
  declare _profileDone: string;

  constructor() {
    super();
    this.agent = null;
    this._error = '';
    this._done = '';
    this._busy = false;
    this._profileError = '';
    this._profileDone = '';
  }

  async _onProfile(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this._profileDone = '';
    this._profileError = '';
    this._busy = true;
    try {
      const { agent } = await api.post<{ agent: Agent }>('/api/agents/me/profile', { displayName: String(data.get('displayName') ?? '') });
      this.agent = agent;
      this._profileDone = `Saved. Requesters now see you as ${agent.displayName}.`;
      this.dispatchEvent(new CustomEvent('helpway-agent-changed', { detail: agent, bubbles: true, composed: true }));
    } catch (error) {
      this._profileError =
        error instanceof ApiError && error.fields?.displayName
          ? `The display name ${error.fields.displayName}.`
          : error instanceof ApiError
            ? error.message
            : 'Could not reach the server. Try again.';
    } finally {
      this._busy = false;
    }
  }

  async _onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const newPassword = String(data.get('newPassword') ?? '');
    this._done = '';
    this._error = passwordProblem(newPassword, String(data.get('repeat') ?? ''));
    if (this._error) return;
    this._busy = true;
    try {
      const result = await api.post<{ signedOutSessions: number }>('/api/agents/me/password', {
        currentPassword: String(data.get('currentPassword') ?? ''),
        newPassword,
      });
      form.reset();
      const n = result.signedOutSessions;
      this._done = `Password changed. ${n ? `${n} other session${n === 1 ? ' was' : 's were'} signed out.` : 'You were not signed in anywhere else.'}`;
    } catch (error) {
      if (error instanceof ApiError && error.fields?.currentPassword) this._error = 'That is not your current password.';
      else if (error instanceof ApiError && error.fields?.newPassword) this._error = `The new password ${error.fields.newPassword}.`;
      else this._error = error instanceof ApiError ? error.message : 'Could not reach the server. Try again.';
    } finally {
      this._busy = false;
    }
  }

  render() {
    const agent = this.agent;
    return html`<h1>Your account</h1>
      ${agent ? html`<dl><dt>Name</dt><dd>${agent.name}</dd><dt>Email</dt><dd>${agent.email}</dd><dt>Role</dt><dd>${agent.role}</dd></dl>` : nothing}
      <form class="card" @submit=${this._onProfile} aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        ${agent ? html`<p class="preview"><span class="avatar" aria-hidden="true">${agent.initials}</span><span>Requesters see you as <strong>${agent.displayName}</strong>.</span></p>` : nothing}
        <div class="field"><label for="display-name">Display name</label><input id="display-name" name="displayName" autocomplete="name" maxlength="60" required .value=${agent?.displayName ?? ''} aria-describedby="display-name-hint" /><p class="muted" id="display-name-hint">Shown to requesters in the chat, replies by email, the status page and the client portal, with its initials as your avatar. Not an email address.</p></div>
        ${this._profileError ? html`<p class="error" role="alert">${this._profileError}</p>` : nothing}
        <div role="status">${this._profileDone}</div>
        <button type="submit" ?disabled=${this._busy}>Save profile</button>
      </form>
      <form class="card" @submit=${this._onSubmit} aria-labelledby="change-password-title">
        <h2 id="change-password-title">Change password</h2>
        <input type="email" name="username" autocomplete="username" .value=${agent?.email ?? ''} hidden />
        <div class="field"><label for="current-password">Current password</label><input id="current-password" name="currentPassword" type="password" autocomplete="current-password" required /></div>
        <div class="field"><label for="new-password">New password</label><input id="new-password" name="newPassword" type="password" autocomplete="new-password" minlength="10" maxlength="200" required aria-describedby="new-password-hint" /><p class="muted" id="new-password-hint">At least 10 characters. Your other sessions will be signed out.</p></div>
        <div class="field"><label for="repeat-password">Repeat new password</label><input id="repeat-password" name="repeat" type="password" autocomplete="new-password" required /></div>
        ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
        <div role="status">${this._done}</div>
        <button type="submit" ?disabled=${this._busy}>Change password</button>
      </form>`;
  }
}

if (!customElements.get('helpway-account')) customElements.define('helpway-account', HelpwayAccount);

declare global {
  interface HTMLElementTagNameMap {
    'helpway-account': HelpwayAccount;
  }
}
