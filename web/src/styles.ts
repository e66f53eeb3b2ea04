/** Styles shared by the elements: the building blocks of the calm, card-based look. */
import { css } from 'lit';

export const baseStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--ns-font);
    color: var(--ns-text);
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  [hidden] {
    display: none !important;
  }
  h1,
  h2,
  h3 {
    margin: 0;
    line-height: 1.25;
    font-weight: 650;
  }
  h1 {
    font-size: 1.5rem;
  }
  h2 {
    font-size: 1.0625rem;
  }
  h3 {
    font-size: 0.9375rem;
  }
  p {
    margin: 0;
  }
  a {
    color: var(--ns-primary);
    text-decoration: none;
  }
  a:hover {
    text-decoration: underline;
  }
  :focus-visible {
    outline: 3px solid var(--ns-focus);
    outline-offset: 2px;
    border-radius: 2px;
  }
  .sr-only {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .muted {
    color: var(--ns-text-muted);
  }
  .num {
    font-variant-numeric: tabular-nums;
    text-align: right;
    white-space: nowrap;
  }
  button,
  input,
  select {
    font: inherit;
    color: inherit;
  }
  /* a long option or a wide input never makes the page wider than a phone */
  select,
  input,
  textarea {
    max-width: 100%;
  }
  .btn {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    min-height: 34px;
    padding: 6px 12px;
    font-size: 0.875rem;
    border: 1px solid var(--ns-border-strong);
    border-radius: var(--ns-radius-sm);
    background: var(--ns-surface);
    color: var(--ns-text);
    cursor: pointer;
    white-space: nowrap;
  }
  .btn:hover {
    background: var(--ns-surface-alt);
  }
  .btn.primary {
    background: var(--ns-primary);
    border-color: var(--ns-primary);
    color: var(--ns-on-primary);
  }
  .btn.primary:hover {
    background: var(--ns-primary-hover);
  }
  .btn[aria-pressed='true'] {
    background: var(--ns-primary-soft);
    border-color: var(--ns-primary);
    color: var(--ns-primary-hover);
    font-weight: 600;
  }
  .btn:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  /* a sortable column header: the header's text as a button, with an arrow (ns-table, scorecard) */
  .sort {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 2px 4px;
    margin: -2px -4px;
    background: none;
    border: 0;
    border-radius: var(--ns-radius-sm);
    color: inherit;
    font-weight: 600;
    cursor: pointer;
    text-align: inherit;
  }
  .sort:hover {
    color: var(--ns-text);
    background: var(--ns-surface-alt);
  }
  .sort .ind {
    font-size: 0.75em;
    opacity: 0.8;
  }
  th.num .sort {
    flex-direction: row-reverse;
  }
  .link-button {
    background: none;
    border: 0;
    padding: 0;
    color: var(--ns-primary);
    cursor: pointer;
    text-align: left;
  }
  .link-button:hover {
    text-decoration: underline;
  }
  .card {
    background: var(--ns-surface);
    border: 1px solid var(--ns-border);
    border-radius: var(--ns-radius);
    box-shadow: var(--ns-shadow);
    padding: 16px;
    min-width: 0;
  }
  .card > h2 {
    margin-bottom: 12px;
  }
  .view-header {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    justify-content: space-between;
    gap: 8px 16px;
    margin-bottom: 16px;
  }
  .view-header .subtitle {
    color: var(--ns-text-muted);
    margin-top: 4px;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
  }
  .segmented {
    display: inline-flex;
  }
  .segmented .btn {
    border-radius: 0;
  }
  .segmented .btn:first-child {
    border-radius: var(--ns-radius-sm) 0 0 var(--ns-radius-sm);
  }
  .segmented .btn:last-child {
    border-radius: 0 var(--ns-radius-sm) var(--ns-radius-sm) 0;
  }
  .segmented .btn + .btn {
    margin-left: -1px;
  }
  .table-wrap {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.875rem;
  }
  th,
  td {
    padding: 8px 10px;
    border-bottom: 1px solid var(--ns-border);
    text-align: left;
    vertical-align: middle;
  }
  th {
    font-weight: 600;
    color: var(--ns-text-muted);
    font-size: 0.8125rem;
    white-space: nowrap;
    background: var(--ns-surface);
  }
  tbody tr:hover {
    background: var(--ns-surface-alt);
  }
  .grid {
    display: grid;
    gap: var(--ns-gap);
  }
  .favourable {
    color: var(--ns-on-track);
  }
  .unfavourable {
    color: var(--ns-off-track);
  }
  @media print {
    .btn,
    .toolbar,
    select,
    .nt-sortbar,
    .ind,
    ns-indicator-search {
      display: none !important;
    }
    .card {
      box-shadow: none;
    }
    tr,
    .kpi {
      break-inside: avoid;
    }
    .table-wrap,
    .nt-scroll {
      overflow: visible !important;
    }
  }
`;

/** The shell's toolbar pickers (unit, period): a muted inline label around a compact select. */
export const pickerStyles = css`
  :host {
    display: inline-block;
  }
  label {
    display: flex;
    align-items: center;
    gap: 6px;
    font-size: 0.8125rem;
    color: var(--ns-text-muted);
  }
  select {
    min-height: 34px;
    padding: 4px 8px;
    border: 1px solid var(--ns-border-strong);
    border-radius: var(--ns-radius-sm);
    background: var(--ns-surface);
    color: var(--ns-text);
    font-size: 0.875rem;
  }
`;
