/** The sign-in form: fields "Email" and "Password", button "Sign in". */
import { LitElement, html, css, nothing } from 'lit';
import { api, ApiError, type Agent } from './api.ts';
import { baseStyles } from './styles.ts';

/** @fires helpway-signed-in - detail: { agent, csrfToken } */
export class HelpwaySignIn extends LitElement {
  static styles = [baseStyles, css`
    form { max-width: 22rem; margin: 12vh auto; background: #fff; border: 1px solid #d8dde3; border-radius: 8px; padding: 1.5rem; }
    .field { margin-bottom: .9rem; } input { width: 100%; }
  `];
  static properties = { _error: { state: true }, _busy: { state: true } };
  declare _error: string;
  declare _busy: boolean;

  constructor() {
    super();
    this._error = '';
    this._busy = false;
  }

  async _onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    this._busy = true;
    this._error = '';
    try {
      const result = await api.post<{ agent: Agent; csrfToken: string }>('/api/agents/login', { email: String(data.get('email') ?? ''), password: String(data.get('password') ?? '') });
      this.dispatchEvent(new CustomEvent('helpway-signed-in', { detail: result, bubbles: true, composed: true }));
    } catch (error) {
      this._error = error instanceof ApiError ? error.message : 'Could not reach the server. Try again.';
    } finally {
      this._busy = false;
    }
  }

  render() {
    return html`
      <main><form @submit=${this._onSubmit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Helpway inbox</h1>
        <div class="field"><label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required /></div>
        <div class="field"><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required /></div>
        ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
        <button type="submit" ?disabled=${this._busy}>Sign in</button>
      </form></main>`;
  }
}

if (!customElements.get('helpway-sign-in')) customElements.define('helpway-sign-in', HelpwaySignIn);

declare global {
  interface HTMLElementTagNameMap {
    'helpway-sign-in': HelpwaySignIn;
  }
}
