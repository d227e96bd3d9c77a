/**
 * The screen a reset link opens (#/reset-password/TOKEN): "New password" twice, button "Set
 * password". The token stays in the fragment, so it never reaches a server log or a Referer.
 */
import { LitElement, html, css, nothing } from 'lit';
import { api, ApiError } from './api.ts';
import { baseStyles } from './styles.ts';
import { passwordProblem } from './password-rules.ts';

/** @fires helpway-password-reset - detail: { email }: the password is set; sign in with it. */
export class HelpwaySetPassword extends LitElement {
  static styles = [
    baseStyles,
    css`
    form { max-width: 24rem; margin: 12vh auto 1rem; background: #fff; border: 1px solid #d8dde3; border-radius: 8px; padding: 1.5rem; }
    .field { margin-bottom: .9rem; } input { width: 100%; }
    .actions { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
  `,
  ];
  static properties = { token: {}, _error: { state: true }, _expired: { state: true }, _busy: { state: true } };
  /** The token from the mailed link. */
  declare token: string;
  declare _error: string;
  declare _expired: boolean;
  declare _busy: boolean;

  constructor() {
    super();
    this.token = '';
    this._error = '';
    this._expired = false;
    this._busy = false;
  }

  firstUpdated() {
    this.renderRoot.querySelector<HTMLInputElement>('input')?.focus();
  }

  async _onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const password = String(data.get('password') ?? '');
    const problem = passwordProblem(password, String(data.get('repeat') ?? ''));
    this._error = problem;
    if (problem) return;
    this._busy = true;
    try {
      const result = await api.post<{ email: string }>('/api/agents/password-reset/confirm', { token: this.token, password });
      this.dispatchEvent(new CustomEvent('helpway-password-reset', { detail: { email: result.email }, bubbles: true, composed: true }));
    } catch (error) {
      this._expired = error instanceof ApiError && Boolean(error.fields?.token);
      this._error =
        error instanceof ApiError
          ? error.fields?.password
            ? `The new password ${error.fields.password}.`
            : error.message
          : 'Could not reach the server. Try again.';
    } finally {
      this._busy = false;
    }
  }

  render() {
    return html`
      <main><form @submit=${this._onSubmit} aria-labelledby="set-password-title">
        <h1 id="set-password-title">Choose a new password</h1>
        <p class="muted" id="password-hint">At least 10 characters. Setting it signs you out everywhere.</p>
        <div class="field"><label for="new-password">New password</label><input id="new-password" name="password" type="password" autocomplete="new-password" minlength="10" maxlength="200" required aria-describedby="password-hint" /></div>
        <div class="field"><label for="repeat-password">Repeat new password</label><input id="repeat-password" name="repeat" type="password" autocomplete="new-password" required /></div>
        ${this._error ? html`<p class="error" role="alert">${this._error}${this._expired ? html` <a href="#/forgot-password">Ask for a new link</a>.` : nothing}</p>` : nothing}
        <div class="actions"><button type="submit" ?disabled=${this._busy}>Set password</button><a href="#/">Back to sign in</a></div>
      </form></main>`;
  }
}

if (!customElements.get('helpway-set-password')) customElements.define('helpway-set-password', HelpwaySetPassword);

declare global {
  interface HTMLElementTagNameMap {
    'helpway-set-password': HelpwaySetPassword;
  }
}
