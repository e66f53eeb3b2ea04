/** Styles the VOC view, record dialog, intake form and import share: dialogs, forms, record lists as cards on phones. */
import { css } from 'lit';

export const vocStyles = css`
  dialog {
    width: min(760px, calc(100vw - 24px));
    max-height: calc(100vh - 32px);
    padding: 0;
    border: 1px solid var(--ns-border-strong);
    border-radius: var(--ns-radius);
    background: var(--ns-surface);
    color: var(--ns-text);
    box-shadow: 0 12px 40px rgba(0, 0, 0, 0.25);
  }
  dialog::backdrop {
    background: rgba(20, 28, 45, 0.45);
  }
  .dialog-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 12px;
    padding: 14px 16px;
    border-bottom: 1px solid var(--ns-border);
    position: sticky;
    top: 0;
    background: var(--ns-surface);
    z-index: 1;
  }
  .dialog-body {
    padding: 16px;
    display: grid;
    gap: 16px;
  }
  form.fields {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
    gap: 12px 16px;
  }
  .field {
    display: grid;
    gap: 4px;
    align-content: start;
    min-width: 0;
  }
  .field.wide {
    grid-column: 1 / -1;
  }
  .field > label,
  .field > .label,
  fieldset legend {
    font-size: 0.8125rem;
    font-weight: 600;
    color: var(--ns-text);
  }
  .req {
    color: var(--ns-danger);
  }
  input:not([type='radio']):not([type='checkbox']):not([type='file']),
  select,
  textarea {
    width: 100%;
    min-width: 0;
    max-width: 100%;
    min-height: 36px;
    padding: 6px 8px;
    border: 1px solid var(--ns-border-strong);
    border-radius: var(--ns-radius-sm);
    background: var(--ns-surface);
    font: inherit;
    color: inherit;
  }
  textarea {
    min-height: 88px;
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--ns-danger) !important;
    outline-color: var(--ns-danger);
  }
  .field-error {
    color: var(--ns-danger);
    font-size: 0.8125rem;
  }
  .hint {
    color: var(--ns-text-muted);
    font-size: 0.8125rem;
  }
  fieldset {
    border: 1px solid var(--ns-border);
    border-radius: var(--ns-radius-sm);
    padding: 8px 10px;
    margin: 0;
    min-width: 0;
  }
  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: 6px 14px;
  }
  .choices label {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    min-height: 32px;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
  }
  .alert {
    padding: 8px 12px;
    border-radius: var(--ns-radius-sm);
    background: var(--ns-off-track-bg);
    color: var(--ns-danger);
  }
  .ok {
    padding: 8px 12px;
    border-radius: var(--ns-radius-sm);
    background: var(--ns-on-track-bg, #e6f4ea);
    color: var(--ns-on-track, #2e7d4f);
  }
  .pill {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 1px 8px;
    border-radius: 999px;
    font-size: 0.75rem;
    font-weight: 600;
    white-space: nowrap;
    border: 1px solid var(--ns-border-strong);
    background: var(--ns-surface-alt);
    color: var(--ns-text);
  }
  .pill.overdue {
    background: var(--ns-off-track-bg);
    border-color: var(--ns-off-track);
    color: var(--ns-danger);
  }
  .pill.soon {
    background: var(--ns-at-risk-bg, #fcebc4);
    border-color: var(--ns-at-risk, #b7791f);
    color: #6b4a00;
  }
  .pill.done {
    background: var(--ns-on-track-bg, #d7f0df);
    border-color: var(--ns-on-track, #2e7d4f);
    color: #1f5d38;
  }
  /* Record lists: a table on wide screens, one card per record below 600 px. */
  table.records td.id {
    white-space: nowrap;
  }
  @media (max-width: 600px) {
    table.records thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
    table.records,
    table.records tbody,
    table.records tr,
    table.records td {
      display: block;
      width: 100%;
    }
    table.records tr {
      border: 1px solid var(--ns-border);
      border-radius: var(--ns-radius-sm);
      margin-bottom: 8px;
      padding: 6px 8px;
    }
    table.records td {
      display: flex;
      justify-content: space-between;
      gap: 12px;
      padding: 3px 0;
      border: 0;
      text-align: right;
      overflow-wrap: anywhere;
    }
    table.records td::before {
      content: attr(data-label);
      font-weight: 600;
      color: var(--ns-text-muted);
      text-align: left;
      flex: none;
    }
    table.records td.id {
      white-space: normal;
    }
    /* on a phone the card keeps what a desk acts on: id, when, what, who, status, time left */
    table.records td.wide-only {
      display: none;
    }
  }
`;
