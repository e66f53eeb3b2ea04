import { msg } from '@lit/localize';

/** The month workflow's states, as people read them. */
export function stateLabel(state: string): string {
  switch (state) {
    case 'draft':
      return msg('Draft');
    case 'submitted':
      return msg('Submitted');
    case 'returned':
      return msg('Returned');
    case 'approved':
      return msg('Approved');
    case 'locked':
      return msg('Locked');
    default:
      return state;
  }
}
