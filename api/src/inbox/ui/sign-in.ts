/**
 * The signed-out screens: the sign-in form (fields "Email" and "Password", button "Sign in", a
 * "Forgot password?" link) and, at #/forgot-password, the request for a reset link (field
 * "Email", button "Send reset link"). The reset answer is the same for any address.
 */
import { LitElement, html, css, nothing, type PropertyValues } from 'lit';
import { api, ApiError, type Agent } from './api.ts';
import { baseStyles } from './styles.ts';

/** @fires helpway-signed-in - detail: { agent, csrfToken } */
export class HelpwaySignIn extends LitElement {
  static styles = [
    baseStyles,
    css`
    form { max-width: 22rem; margin: 12vh auto 1rem; background: #fff; border: 1px solid #d8dde3; border-radius: 8px; padding: 1.5rem; }
    .field { margin-bottom: .9rem; } input { width: 100%; }
    .actions { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
    .notice { background: #e8f4ea; border: 1px solid #2e7d32; border-radius: 4px; padding: .5rem .75rem; }
  `,
  ];
  static properties = { mode: {}, notice: {}, email: {}, _error: { state: true }, _sent: { state: true }, _busy: { state: true } };
  /** "sign-in" or "forgot" (the reset-link request). */
  declare mode: 'sign-in' | 'forgot';
  /** A message shown above the form, e.g. after a password reset. */
  declare notice: string;
  /** Prefills the email field. */
  declare email: string;
  declare _error: string;
  declare _sent: string;
  declare _busy: boolean;

  constructor() {
    super();
    this.mode = 'sign-in';
    this.notice = '';
    this.email = '';
    this._error = '';
    this._sent = '';
    this._busy = false;
  }

  protected updated(changed: PropertyValues<this>) {
    // A new screen: put the keyboard where the work starts.
    if (changed.has('mode')) {
      this._error = '';
      this._sent = '';
      if (changed.get('mode') !== undefined) this.renderRoot.querySelector<HTMLInputElement>('input')?.focus();
    }
  }

  async _onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this._busy = true;
    this._error = '';
    try {
      const result = await api.post<{ agent: Agent; csrfToken: string }>('/api/agents/login', {
        email: String(data.get('email') ?? ''),
        password: String(data.get('password') ?? ''),
      });
      this.dispatchEvent(new CustomEvent('helpway-signed-in', { detail: result, bubbles: true, composed: true }));
    } catch (error) {
      this._error = error instanceof ApiError ? error.message : 'Could not reach the server. Try again.';
    } finally {
      this._busy = false;
    }
  }

  async _onRequestReset(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this._busy = true;
    this._error = '';
    this._sent = '';
    try {
      const result = await api.post<{ message: string }>('/api/agents/password-reset', { email: String(data.get('email') ?? '').trim() });
      this._sent = result.message;
    } catch (error) {
      this._error = error instanceof ApiError ? error.message : 'Could not reach the server. Try again.';
    } finally {
      this._busy = false;
    }
  }

  render() {
    const notice = this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing;
    const error = this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing;
    if (this.mode === 'forgot') {
      return html`
        <main><form @submit=${this._onRequestReset} aria-labelledby="forgot-title">
          <h1 id="forgot-title">Reset your password</h1>
          <p class="muted">Enter the email you sign in with. We will mail you a link to choose a new password.</p>
          <div class="field"><label for="reset-email">Email</label><input id="reset-email" name="email" type="email" autocomplete="username" required .value=${this.email} /></div>
          ${error}
          <div role="status">${this._sent ? html`<p class="notice">${this._sent}</p>` : nothing}</div>
          <div class="actions"><button type="submit" ?disabled=${this._busy}>Send reset link</button><a href="#/">Back to sign in</a></div>
        </form></main>`;
    }
    return html`
      <main><form @submit=${this._onSubmit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Helpway inbox</h1>
        ${notice}
        <div class="field"><label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required .value=${this.email} /></div>
        <div class="field"><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required /></div>
        ${error}
        <div class="actions"><button type="submit" ?disabled=${this._busy}>Sign in</button><a href="#/forgot-password">Forgot password?</a></div>
      </form></main>`;
  }
}

if (!customElements.get('helpway-sign-in')) customElements.define('helpway-sign-in', HelpwaySignIn);

declare global {
  interface HTMLElementTagNameMap {
    'helpway-sign-in': HelpwaySignIn;
  }
}
