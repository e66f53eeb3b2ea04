/** The events the pickers send up to the shell (they bubble and cross shadow roots). */
import type { Context } from '../router.ts';
import type { Locale } from '../types.ts';

export const CONTEXT_CHANGE = 'ns-context-change' as const;
export const LOCALE_CHANGE = 'ns-locale-change' as const;

export const contextChange = (detail: Partial<Context>) => new CustomEvent<Partial<Context>>(CONTEXT_CHANGE, { detail, bubbles: true, composed: true });
export const localeChange = (locale: Locale) => new CustomEvent<{ locale: Locale }>(LOCALE_CHANGE, { detail: { locale }, bubbles: true, composed: true });

declare global {
  interface HTMLElementEventMap {
    'ns-context-change': CustomEvent<Partial<Context>>;
    'ns-locale-change': CustomEvent<{ locale: Locale }>;
  }
}
