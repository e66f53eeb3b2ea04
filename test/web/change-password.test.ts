// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import '../../web/src/components/ns-change-password.ts';

async function mount(required: boolean) {
  const el = document.createElement('ns-change-password');
  el.required = required;
  document.body.append(el);
  await el.updateComplete;
  return el;
}

function fill(el: HTMLElement, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) (el.shadowRoot!.querySelector(`input[name="${name}"]`) as HTMLInputElement).value = value;
  el.shadowRoot!.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
}

const settle = async (el: HTMLElement & { updateComplete: Promise<unknown> }) => {
  await new Promise((r) => setTimeout(r, 0));
  await el.updateComplete;
};

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

describe('<ns-change-password>', () => {
  it('when the password was reset, then it explains why and offers no way around it', async () => {
    const el = await mount(true);
    expect(el.shadowRoot!.querySelector('[data-testid="password-reset-notice"]')).not.toBeNull();
    expect(el.shadowRoot!.querySelector('[data-testid="password-cancel"]')).toBeNull();
    expect((await mount(false)).shadowRoot!.querySelector('[data-testid="password-cancel"]')).not.toBeNull();
  });

  it('when the two new passwords differ, then nothing is sent', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const el = await mount(false);
    fill(el, { current: 'old-password-here', next: 'violet-harbor-tractor-91', repeat: 'violet-harbor-tractor-92' });
    await settle(el);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).toContain('do not match');
  });

  it('sends the current and the new password, shows the server’s reason when the new one is weak, and announces success', async () => {
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(new Response(JSON.stringify({ error: { code: 'weak_password', message: 'The password is too easy to guess' } }), { status: 422, headers: { 'content-type': 'application/json' } }))
      .mockResolvedValueOnce(new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetchMock);
    const el = await mount(false);
    const changed = vi.fn();
    el.addEventListener('ns-password-changed', changed);
    fill(el, { current: 'old-password-here', next: 'password1234', repeat: 'password1234' });
    await settle(el);
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).toContain('too easy to guess');
    fill(el, { current: 'old-password-here', next: 'violet-harbor-tractor-91', repeat: 'violet-harbor-tractor-91' });
    await settle(el);
    const [url, init] = fetchMock.mock.calls[1];
    expect(String(url)).toContain('/api/v1/auth/password');
    expect(JSON.parse(init.body)).toEqual({ currentPassword: 'old-password-here', newPassword: 'violet-harbor-tractor-91' });
    expect(changed).toHaveBeenCalledTimes(1);
  });
});
