const css = String.raw;

/** Styles of the contact form, adopted into the panel's shadow root when the form first loads. */
export const formStyles = css`
  form.contact { display: grid; gap: 14px; }
  fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
  legend { font-weight: 650; padding: 0; margin-bottom: 6px; }
  .choice {
    display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; align-items: start;
    padding: 8px 10px; border: 1px solid var(--_line); border-radius: 8px; margin-bottom: 6px; cursor: pointer;
  }
  .choice:has(input:checked) { border-color: var(--_accent); box-shadow: inset 0 0 0 1px var(--_accent); }
  .choice input { margin: 4px 0 0; width: 18px; height: 18px; accent-color: var(--_accent); }
  .choice .name { font-weight: 600; }
  .choice .desc, .choice .due { grid-column: 2; color: var(--_muted); font-size: 0.92em; }
  .choice .due { color: var(--_fg); }
  .field { display: grid; gap: 4px; }
  .field label, .label { font-weight: 600; }
  .hint { color: var(--_muted); font-size: 0.92em; }
  .error-text { color: #b3261e; font-size: 0.92em; font-weight: 600; }
  :host([theme='dark']) .error-text { color: #ff938a; }
  .field input:not([type='checkbox']):not([type='radio']):not([type='file']), .field textarea {
    width: 100%; min-height: 44px; padding: 8px 10px; border: 2px solid var(--_line); border-radius: 8px;
    background: var(--_bg); color: var(--_fg); font: inherit;
  }
  .field textarea { min-height: 110px; resize: vertical; }
  .field [aria-invalid='true'] { border-color: #b3261e !important; }
  .check { display: grid; grid-template-columns: auto 1fr; gap: 10px; align-items: start; font-weight: 400; }
  .check input { width: 18px; height: 18px; margin-top: 3px; accent-color: var(--_accent); }
  .drop { padding: 12px; border: 2px dashed var(--_line); border-radius: 8px; text-align: center; }
  .drop.over { border-color: var(--_accent); background: var(--_soft); }
  .drop input { width: 100%; }
  .files { list-style: none; padding: 0; margin: 6px 0 0; display: grid; gap: 4px; }
  .files li { display: flex; gap: 8px; align-items: center; justify-content: space-between; }
  .context { font-size: 0.9em; color: var(--_muted); overflow-wrap: anywhere; }
  .context dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; margin: 4px 0 0; }
  .context dt { font-weight: 600; }
  .context dd { margin: 0; }
`;
