/** The styles of ns-evaluations-view (the list, the cycle, its results, breakdown and dialogs). */
import { css } from 'lit';

export const evaluationsViewStyles = css`
  .subtitle a {
    text-decoration: underline;
  }
  .stack {
    display: grid;
    gap: var(--ns-gap);
  }
  .banner {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
    align-items: baseline;
    padding: 10px 14px;
    border-radius: var(--ns-radius-sm);
    border: 1px solid var(--ns-border-strong);
    background: var(--ns-surface-alt);
  }
  .banner strong {
    letter-spacing: 0.04em;
  }
  .banner.provisional {
    border-color: var(--ns-at-risk);
    background: var(--ns-at-risk-bg);
    color: var(--ns-at-risk);
  }
  .banner.provisional strong {
    text-transform: uppercase;
  }
  .banner.changed {
    border-color: var(--ns-off-track);
    background: var(--ns-off-track-bg);
    color: var(--ns-off-track);
  }
  .banner.notice {
    border-color: var(--ns-on-track);
    background: var(--ns-on-track-bg);
    color: var(--ns-on-track);
  }
  .status {
    display: inline-flex;
    gap: 4px;
    align-items: center;
    font-weight: 600;
    white-space: nowrap;
  }
  .status.provisional {
    color: var(--ns-at-risk);
  }
  .status.final {
    color: var(--ns-on-track);
  }
  .status.superseded {
    color: var(--ns-no-data);
  }
  .grade {
    font-weight: 700;
  }
  .dist {
    display: grid;
    grid-template-columns: minmax(0, 3fr) minmax(200px, 2fr);
    gap: var(--ns-gap);
    align-items: start;
  }
  @media (max-width: 900px) {
    .dist {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  th.wrap {
    white-space: normal;
    min-width: 72px;
  }
  ns-chart {
    --ns-chart-height: 260px;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 24px;
    margin: 0;
    font-size: 0.875rem;
  }
  .meta div {
    display: flex;
    gap: 6px;
  }
  .meta dt {
    color: var(--ns-text-muted);
  }
  .meta dd {
    margin: 0;
    font-weight: 600;
  }
  .warnings {
    margin: 0;
    padding-left: 20px;
    font-size: 0.8125rem;
    color: var(--ns-text-muted);
  }
  .level-2 th:first-child,
  .level-2 td:first-child {
    padding-left: 28px;
  }
  .level-3 th:first-child,
  .level-3 td:first-child {
    padding-left: 48px;
    font-weight: 400;
  }
  tr.level-1 {
    background: var(--ns-surface-alt);
  }
  dialog {
    max-width: min(520px, 92vw);
    border: 1px solid var(--ns-border-strong);
    border-radius: var(--ns-radius);
    padding: 20px;
    box-shadow: 0 12px 32px rgba(16, 24, 40, 0.24);
    color: var(--ns-text);
  }
  dialog::backdrop {
    background: rgba(16, 24, 40, 0.45);
  }
  dialog h2 {
    margin-bottom: 8px;
  }
  dialog p {
    margin-bottom: 10px;
  }
  dialog textarea {
    width: 100%;
    min-height: 90px;
    padding: 6px 8px;
    font: inherit;
    border: 1px solid var(--ns-border-strong);
    border-radius: var(--ns-radius-sm);
  }
  .dialog-actions {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
    margin-top: 12px;
  }
  .error-text {
    color: var(--ns-danger);
    font-size: 0.875rem;
  }
  .btn.danger {
    background: var(--ns-danger);
    border-color: var(--ns-danger);
    color: #fff;
  }
  .toolbar label {
    display: inline-flex;
    gap: 6px;
    align-items: center;
    font-size: 0.875rem;
  }
  .toolbar select {
    min-height: 34px;
    padding: 4px 8px;
    border: 1px solid var(--ns-border-strong);
    border-radius: var(--ns-radius-sm);
    background: var(--ns-surface);
  }
`;
