import type { screenLinksZh } from './messages';

/** English: loaded only when English is chosen (i18n/i18n.tsx); every key of screenLinksZh (the type enforces it). */
export const screenLinksEn: Record<keyof typeof screenLinksZh, string> = {
  dlHeading: 'Device links',
  dlIntro:
    "Open a device link in the TV's browser (or scan its QR code) and that device shows this screen. A link is shown once; revoke it when a device is lost or replaced.",
  dlIssue: 'Create device link',
  dlIssuing: 'Creating…',
  dlOnceTitle: 'Device link for screen {screen}',
  dlOnceNote:
    'This link is shown only now: open it on the TV or scan it. Once closed it cannot be shown again, only replaced by a new one.',
  dlQrAlt: 'QR code of the device link',
  dlCopy: 'Copy link',
  dlDone: 'Opened on the device — close',
  dlNone: 'This screen has no device link yet.',
  dlName: 'Name',
  dlCreated: 'Created',
  dlState: 'State',
  dlActive: 'Active',
  dlRevokedAt: 'Revoked ({at})',
  dlRevoke: 'Revoke',
  dlRevokeConfirm: 'Devices using this link will stop showing the screen. Revoke it?',
  dlDeviceName: 'Screen {screen} device',
};
