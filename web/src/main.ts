import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';

@customElement('ns-app')
export class NsApp extends LitElement {
  override render() {
    return html`<h1>Northstar</h1>`;
  }
}
