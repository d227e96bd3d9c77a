/** Plain CSS text; the build minifies it (vite.config.ts). */
const css = String.raw;

/**
 * Panel styles, adopted as a constructable stylesheet (works under `style-src 'self'`).
 * Inherited properties are reset on :host so the LMS page's fonts and colours cannot leak in;
 * custom properties still inherit, which is how hosts theme it.
 */
export const panelStyles = css`
  :host {
    all: initial;
    --_accent: var(--helpway-accent, #1f5fbf);
    --_on-accent: var(--helpway-accent-contrast, #fff);
    --_bg: var(--helpway-background, #fff);
    --_fg: var(--helpway-text, #1b1f24);
    --_muted: var(--helpway-muted, #4f5966);
    --_line: var(--helpway-border, #c9d1da);
    --_soft: var(--helpway-surface, #f3f5f8);
    --_focus: var(--helpway-focus, #ffbf47);
    --_radius: var(--helpway-radius, 12px);
    --_mark: var(--helpway-highlight, #fff1a8);
    display: contents;
    font: 400 15px/1.5 var(--helpway-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    color: var(--_fg);
  }
  :host([theme='dark']) {
    --_bg: var(--helpway-background, #1c2128);
    --_fg: var(--helpway-text, #e6edf3);
    --_muted: var(--helpway-muted, #aab4c0);
    --_line: var(--helpway-border, #444c56);
    --_soft: var(--helpway-surface, #262c36);
    --_mark: var(--helpway-highlight, #6b5a00);
    --_accent: var(--helpway-accent, #6ea8ff);
    --_on-accent: var(--helpway-accent-contrast, #0b1420);
  }
  *, *::before, *::after { box-sizing: border-box; }
  [hidden] { display: none !important; }
  .panel {
    position: fixed;
    right: var(--helpway-offset, 20px);
    bottom: var(--helpway-offset, 20px);
    z-index: var(--hw-z, 2147483000);
    display: flex;
    flex-direction: column;
    width: min(420px, calc(100vw - 2 * var(--helpway-offset, 20px)));
    height: min(680px, calc(100dvh - 2 * var(--helpway-offset, 20px)));
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_line);
    border-radius: var(--_radius);
    box-shadow: 0 12px 40px rgba(0, 0, 0, 0.28);
    overflow: hidden;
    font: inherit;
    text-align: left;
  }
  .panel[popover] { top: auto; left: auto; margin: 0; padding: 0; }
  .panel.left { right: auto; left: var(--helpway-offset, 20px); }
  @media (max-width: 480px), (max-height: 520px) {
    .panel, .panel.left { inset: 0; width: 100%; height: 100%; border-radius: 0; border: 0; }
  }
  @media (prefers-reduced-motion: no-preference) {
    .panel { animation: rise 0.16s ease-out; }
    @keyframes rise { from { opacity: 0; transform: translateY(8px); } to { opacity: 1; transform: none; } }
  }
  .head {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 10px 12px;
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .head h2 { flex: 1; margin: 0; font-size: 1.1em; font-weight: 650; }
  .icon-btn {
    display: inline-flex; align-items: center; justify-content: center; gap: 4px;
    min-width: 40px; min-height: 40px; padding: 0 8px;
    border: 0; border-radius: 8px; background: transparent; color: inherit; font: inherit; cursor: pointer;
  }
  .icon-btn:hover { background: rgba(255, 255, 255, 0.16); }
  .icon-btn svg { width: 20px; height: 20px; }
  .body { flex: 1; overflow-y: auto; padding: 14px 16px; overscroll-behavior: contain; }
  .foot {
    display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px;
    padding: 10px 16px; border-top: 1px solid var(--_line); background: var(--_soft);
  }
  .foot p { margin: 0; flex: 1 1 100%; color: var(--_muted); font-size: 0.93em; }
  :focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
  .sr-only {
    position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0;
    overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
  }
  h3 { font-size: 1em; margin: 16px 0 8px; font-weight: 650; }
  h4 { font-size: 0.98em; margin: 14px 0 6px; font-weight: 650; }
  p { margin: 0 0 10px; }
  a { color: var(--_accent); text-underline-offset: 2px; }
  button { font: inherit; }
  .primary, .secondary {
    display: inline-flex; align-items: center; justify-content: center; min-height: 44px; padding: 8px 16px;
    border-radius: 8px; cursor: pointer; font-weight: 600; text-decoration: none; line-height: 1.2;
  }
  .primary { background: var(--_accent); color: var(--_on-accent); border: 2px solid var(--_accent); }
  .primary:hover { filter: brightness(1.08); }
  .primary[disabled] { opacity: 0.7; cursor: progress; }
  .secondary { background: transparent; color: var(--_accent); border: 2px solid currentColor; }
  .link-btn { background: none; border: 0; padding: 4px 0; color: var(--_accent); text-decoration: underline; cursor: pointer; min-height: 32px; }
  .search input {
    width: 100%; min-height: 44px; padding: 8px 12px; border: 2px solid var(--_line); border-radius: 8px;
    background: var(--_bg); color: var(--_fg); font: inherit;
  }
  .search input:focus-visible { border-color: var(--_accent); }
  ul.hits { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
  .hit {
    display: block; width: 100%; text-align: left; padding: 10px 12px; border: 1px solid var(--_line); border-radius: 8px;
    background: var(--_bg); color: var(--_fg); cursor: pointer;
  }
  .hit:hover { border-color: var(--_accent); background: var(--_soft); }
  .hit-title { display: block; font-weight: 600; color: var(--_accent); }
  .hit-summary { display: block; color: var(--_muted); font-size: 0.93em; margin-top: 2px; }
  mark { background: var(--_mark); color: inherit; padding: 0 1px; border-radius: 2px; }
  .muted { color: var(--_muted); }
  .notice { padding: 10px 12px; border-radius: 8px; border: 1px solid var(--_line); background: var(--_soft); margin: 10px 0; }
  .notice.warn { border-color: #b35c00; }
  .notice.error { border-color: #b3261e; }
  .article-body { overflow-wrap: anywhere; }
  .article-body img { max-width: 100%; height: auto; }
  .article-body pre { overflow-x: auto; padding: 10px; background: var(--_soft); border-radius: 6px; }
  .article-body code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
  .article-body .table-wrap { overflow-x: auto; margin: 8px 0; }
  .article-body table { border-collapse: collapse; font-size: 0.92em; }
  .article-body th, .article-body td { border: 1px solid var(--_line); padding: 4px 8px; text-align: left; vertical-align: top; }
  .article-title { font-size: 1.15em; margin-top: 0; }
  .feedback { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-top: 16px; padding-top: 12px; border-top: 1px solid var(--_line); }
  .feedback span { flex: 1 1 auto; }
  .actions { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; }
  .reference { font-size: 1.3em; font-weight: 700; letter-spacing: 0.02em; }
  @media (forced-colors: active) {
    .panel { border: 1px solid CanvasText; }
    .primary { border-color: ButtonText; }
  }
`;
