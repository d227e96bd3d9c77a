/** Shared styles (constructable stylesheets: allowed under the inbox's strict CSP). */
import { css } from 'lit';

export const baseStyles = css`
  :host { display: block; color: #17202a; font: inherit; }
  *, *::before, *::after { box-sizing: border-box; }
  h1, h2, h3 { line-height: 1.2; margin: 0 0 .5rem; }
  h1 { font-size: 1.35rem; } h2 { font-size: 1.1rem; } h3 { font-size: 1rem; }
  button { font: inherit; padding: .4rem .9rem; border-radius: 4px; border: 1px solid #1b5fc1; background: #1b5fc1; color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: #1b5fc1; }
  button:disabled { opacity: .6; cursor: default; }
  button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #f0a500; outline-offset: 1px; }
  input, select, textarea { font: inherit; padding: .35rem .5rem; border: 1px solid #8a96a3; border-radius: 4px; background: #fff; color: inherit; }
  textarea { width: 100%; min-height: 5rem; resize: vertical; }
  label { display: block; font-weight: 600; font-size: .875rem; margin-bottom: .2rem; }
  a { color: #1b5fc1; }
  .error { color: #a40e26; }
  .muted { color: #4b5563; font-size: .875rem; }
  .card { background: #fff; border: 1px solid #d8dde3; border-radius: 6px; padding: 1rem; margin-bottom: 1rem; }
  .pill { display: inline-block; padding: 0 .45rem; border-radius: 999px; font-size: .8rem; border: 1px solid #8a96a3; white-space: nowrap; }
  .pill.S1 { background: #fde2e4; border-color: #a40e26; } .pill.S2 { background: #fff0d9; border-color: #8a5a00; }
  .overdue { color: #a40e26; font-weight: 700; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
